using System.Runtime.CompilerServices;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>
/// <see cref="Size"/> consecutive buckets of a ring, allocated when a point first lands in them and reused
/// in place when the ring comes round: one object per chunk, the statistics inline, one index for all.
/// </summary>
internal sealed class BucketChunk
{
    public const int Size = 8;

    /// <summary>Bucket index of the first bucket divided by <see cref="Size"/>.</summary>
    public long Index;

    public Buckets Stats;

    [InlineArray(Size)]
    public struct Buckets
    {
        private SummaryStats _first;
    }
}
