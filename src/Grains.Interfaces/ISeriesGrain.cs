using Orleans.Concurrency;

namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// One grain per (A/B test, metric), keyed by <see cref="SeriesKey.ToGrainKey"/>. It stores every point it
/// acknowledges, keeps rolling buckets per variant in memory and flushes them to storage as rollups.
/// </summary>
[Alias("TSMetrics.ISeriesGrain")]
public interface ISeriesGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores and folds a batch. The task completes only after the points are durable in storage, so a
    /// completed call survives a crash of the silo right after it.
    /// </summary>
    /// <returns>The number of points accepted.</returns>
    [Alias("IngestAsync")]
    Task<int> IngestAsync(PointBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Answers a series request from memory for the part of the range the grain holds.</summary>
    [Alias("GetLiveSeriesAsync")]
    Task<LiveSeries> GetLiveSeriesAsync(LiveSeriesRequest request, CancellationToken cancellationToken = default);

    /// <summary>Per-variant statistics over [from, to) for the part of the window memory holds.</summary>
    [Alias("GetWindowAsync")]
    Task<WindowTotals> GetWindowAsync(long fromMicros, long toMicros, CancellationToken cancellationToken = default);

    /// <summary>
    /// Brings the rollups up to the journal: activation folds every journal row above the watermark, and
    /// this call returns once a flush has written them. Throws when the flush fails.
    /// </summary>
    [Alias("CatchUpAsync")]
    Task CatchUpAsync(CancellationToken cancellationToken = default);

    /// <summary>Until <paramref name="untilMicros"/>, send the points of every write to the test grain for live subscribers.</summary>
    [OneWay, Alias("SendPointsUntilAsync")]
    Task SendPointsUntilAsync(long untilMicros);

    /// <summary>What the grain holds in memory (for <c>GET /cache/info</c>).</summary>
    [Alias("GetMemoryAsync")]
    Task<SeriesMemory> GetMemoryAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the metric's definition (unit, direction, kind) and stores it.</summary>
    [Alias("DefineAsync")]
    Task DefineAsync(MetricDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>The metric's current definition.</summary>
    [Alias("GetDefinitionAsync")]
    Task<MetricDefinition> GetDefinitionAsync(CancellationToken cancellationToken = default);
}
