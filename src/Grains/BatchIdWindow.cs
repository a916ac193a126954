using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace TSMetrics.Grains;

/// <summary>
/// The batch ids a series stored recently, so that a retried batch is acknowledged without being stored
/// twice. Ids older than the window are forgotten, oldest first, which bounds memory. Every request has an
/// id (the gateway makes one when the client sends none), so a busy series keeps hundreds of thousands over
/// the 15-minute window: they are kept as 128-bit hashes (about 60 bytes each with the order queue, before
/// the slack of their doubling; the id strings took 90 more). Two ids that hash alike within a window would
/// have to be chosen to do so; by chance that is about n^2 / 2^129, under 10^-28 for a million ids.
/// </summary>
public sealed class BatchIdWindow(long windowMicros)
{
    private const int StackLimit = 512;

    // Per place of the set: an entry (hash code, next, 16-byte hash) and its bucket; per place of the queue:
    // (hash, time), padded to 32. Both grow by doubling, so places, not ids, are what they hold.
    private const long SetBytesPerPlace = 24 + 4;
    private const long QueueBytesPerPlace = 32;
    // The two objects and their three arrays' headers.
    private const long FixedBytes = 64 + 40 + 3 * 24;

    private readonly HashSet<UInt128> _stored = [];
    private readonly Queue<(UInt128 Id, long At)> _order = new();

    public int Count => _stored.Count;

    /// <summary>About what the ids held take on the heap, for the series' memory estimate (EnsureCapacity(0) reads the capacity, changing nothing).</summary>
    public long EstimatedBytes => FixedBytes + SetBytesPerPlace * _stored.EnsureCapacity(0) + QueueBytesPerPlace * _order.EnsureCapacity(0);

    public bool Contains(string id) => _stored.Contains(Hash(id));

    public void Add(string id, long atMicros, long nowMicros)
    {
        var hash = Hash(id);
        if (_stored.Add(hash)) _order.Enqueue((hash, atMicros));
        Expire(nowMicros);
    }

    private void Expire(long nowMicros)
    {
        while (_order.TryPeek(out var oldest) && oldest.At < nowMicros - windowMicros)
        {
            _order.Dequeue();
            _stored.Remove(oldest.Id);
        }
    }

    private static UInt128 Hash(string id)
    {
        var length = Encoding.UTF8.GetMaxByteCount(id.Length);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            return XxHash128.HashToUInt128(buffer[..Encoding.UTF8.GetBytes(id, buffer)]);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
