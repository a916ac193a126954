using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>Statistics to add to one stored rollup bucket.</summary>
/// <param name="Resolution">Which rollup table.</param>
/// <param name="VariantIndex">Index into the series' variant names.</param>
/// <param name="BucketIndex">Bucket start divided by the resolution width.</param>
/// <param name="Stats">What to merge into the stored bucket.</param>
/// <param name="Parts">Bins and categories to add, when the bucket has them.</param>
public readonly record struct RollupRow(Resolution Resolution, int VariantIndex, long BucketIndex, SummaryStats Stats, BucketParts? Parts = null);
