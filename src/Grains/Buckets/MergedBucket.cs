using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>The union of ring buckets an answer covers: their statistics and parts merged into fresh objects, never the ring's own.</summary>
internal struct MergedBucket()
{
    public SummaryStats Stats;

    public BucketParts Parts { get; } = new();

    public readonly bool IsEmpty => Stats.Count == 0 && Parts.IsEmpty;

    public void Add(BucketRing ring, long index)
    {
        Stats.Merge(ring.Read(index));
        ring.AddPartsTo(index, Parts);
    }
}
