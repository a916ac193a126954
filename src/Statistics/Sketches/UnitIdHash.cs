using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace TSMetrics.Statistics.Sketches;

/// <summary>
/// The stable 64-bit hash of a unit id that the distinct-count sketch stores: XxHash64 (seed 0) of the id's
/// UTF-8 bytes. Stored sketches depend on it, so it never changes.
/// </summary>
public static class UnitIdHash
{
    private const int StackLimit = 512;

    /// <summary>Hashes an id without allocating.</summary>
    public static ulong Of(ReadOnlySpan<char> unitId)
    {
        var length = Encoding.UTF8.GetMaxByteCount(unitId.Length);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(unitId, buffer);
            return XxHash64.HashToUInt64(buffer[..written]);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
