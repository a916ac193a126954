using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Storage;

/// <summary>What a series grain reads from storage when it activates.</summary>
/// <param name="Definition">The metric's stored definition.</param>
/// <param name="FlushedSeq">Journal writes up to this number are in the rollups.</param>
/// <param name="LastSeq">The highest journal sequence number written for the series.</param>
/// <param name="Rollups">Stored buckets inside the in-memory window, per resolution.</param>
/// <param name="Unflushed">Journal batches written after the watermark: durable, not yet in the rollups.</param>
/// <param name="Units">Stored per-unit totals (variant, unit hash, points, sum): the whole test, up to <see cref="UnitsSeq"/>.</param>
/// <param name="RecentBatchIds">Batch ids written within the dedupe window, with when they were written.</param>
public sealed record SeriesSnapshot(
    MetricDefinition Definition,
    long FlushedSeq,
    long LastSeq,
    IReadOnlyList<StoredBucket> Rollups,
    IReadOnlyList<PointBatch> Unflushed,
    IReadOnlyList<(string Variant, ulong UnitHash, long Points, double Sum)> Units,
    IReadOnlyList<(string BatchId, long WrittenMicros)> RecentBatchIds)
{
    /// <summary>Journal writes up to this number are in <see cref="Units"/>; it may trail <see cref="FlushedSeq"/>.</summary>
    public long UnitsSeq { get; init; }

    /// <summary>Journal batches with user ids written after <see cref="UnitsSeq"/> but in the rollups already: for the unit totals only.</summary>
    public IReadOnlyList<PointBatch> UnitsOnly { get; init; } = [];

    /// <summary>The test's start (unit totals count points from it), or null for its first point.</summary>
    public long? TestStartMicros { get; init; }

    /// <summary>The start <see cref="Units"/> were computed for; when it differs from <see cref="TestStartMicros"/>, they are rebuilt.</summary>
    public long? UnitsSinceMicros { get; init; }
}
