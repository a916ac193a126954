using System.Runtime.CompilerServices;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>
/// <see cref="Size"/> consecutive buckets of a ring, allocated when a point first lands in them and reused
/// in place when the ring comes round: one object per chunk, the statistics inline, one index for all. Four
/// buckets a chunk is the measured balance between chunks of sparse data (mostly empty) and the ring's table
/// of chunk references (one per chunk place).
/// </summary>
internal sealed class BucketChunk
{
    public const int Size = 4;

    /// <summary>Bucket index of the first bucket divided by <see cref="Size"/>.</summary>
    public long Index;

    public Buckets Stats;

    [InlineArray(Size)]
    public struct Buckets
    {
        private SummaryStats _first;
    }
}
