using System.Buffers;

namespace TSMetrics.Gateway.Api.Otlp;

/// <summary>A rented byte array that may be swapped for a larger one while reading.</summary>
internal sealed class ArrayPoolBuffer(int initialSize) : IDisposable
{
    public byte[] Array { get; private set; } = ArrayPool<byte>.Shared.Rent(initialSize);

    public void Grow(int size, int keep)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        Array.AsSpan(0, keep).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(Array);
        Array = larger;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(Array);
}
