using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>A chunk with room for one of its buckets (72 bytes): where points are sparse, most chunks hold one.</summary>
internal sealed class SingleBucketChunk(long index, int at) : BucketChunk(index)
{
    /// <summary>Which of the chunk's buckets this is.</summary>
    public int At = at;

    public SummaryStats Stats;

    public override SummaryStats Read(int at) => at == At ? Stats : default;

    public override bool Holds(int at) => at == At;

    public override ref SummaryStats Bucket(int at) => ref Stats;

    public override void Recycle(long index, int at)
    {
        Index = index;
        At = at;
        Stats = default;
    }
}
