using System.Runtime.CompilerServices;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>A chunk with room for all its <see cref="BucketChunk.Size"/> buckets (184 bytes).</summary>
internal sealed class FullBucketChunk(long index) : BucketChunk(index)
{
    private Buckets _stats;

    /// <summary>A full chunk holding what a single one held.</summary>
    public static FullBucketChunk From(SingleBucketChunk single)
    {
        var full = new FullBucketChunk(single.Index);
        full._stats[single.At] = single.Stats;
        return full;
    }

    public override SummaryStats Read(int at) => _stats[at];

    public override bool Holds(int at) => true;

    public override ref SummaryStats Bucket(int at) => ref _stats[at];

    public override void Recycle(long index, int at)
    {
        Index = index;
        _stats = default;
    }

    [InlineArray(Size)]
    private struct Buckets
    {
        private SummaryStats _first;
    }
}
