using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Storage;

/// <summary>A rollup bucket as storage holds it, read back on activation.</summary>
/// <param name="Resolution">Its tier.</param>
/// <param name="Variant">Its variant.</param>
/// <param name="BucketIndex">Bucket start divided by the tier's width.</param>
/// <param name="Stats">Statistics of its numbers.</param>
/// <param name="Bins">Values per quantile bin, when it has them.</param>
/// <param name="Categories">Points per string value, by name, when it has them.</param>
public sealed record StoredBucket(
    Resolution Resolution, string Variant, long BucketIndex, SummaryStats Stats, KeyedCounts? Bins, IEnumerable<(string Name, long Count)>? Categories);
