namespace TSMetrics.Grains.Interfaces;

/// <summary>What one active series grain holds in memory, as <c>GET /cache/info</c> reports it.</summary>
/// <param name="Buckets">Buckets allocated in its rings (in chunks, so some may still be empty).</param>
/// <param name="BucketsWithParts">Buckets that also hold quantile bins or categories.</param>
/// <param name="Units">Users with per-user totals.</param>
/// <param name="EstimatedBytes">Managed bytes of its rings, parts and unit totals, estimated from their sizes.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.SeriesMemory")]
public sealed record SeriesMemory(long Buckets, long BucketsWithParts, long Units, long EstimatedBytes);
