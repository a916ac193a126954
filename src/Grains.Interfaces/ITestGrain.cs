using Orleans.Concurrency;

namespace TSMetrics.Grains.Interfaces;

/// <summary>One grain per A/B test, keyed by the test name: owns the test's definition.</summary>
[Alias("TSMetrics.ITestGrain")]
public interface ITestGrain : IGrainWithStringKey
{
    /// <summary>
    /// Replaces the test's definition and stores it. A changed start rebuilds every metric's unit totals
    /// before the call returns.
    /// </summary>
    /// <returns>Null when stored, else why the start is refused (and nothing was stored).</returns>
    [Alias("DefineAsync")]
    Task<string?> DefineAsync(TestDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>The test's current definition.</summary>
    [Alias("GetDefinitionAsync")]
    Task<TestDefinition> GetDefinitionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// A series of the test stored new points. The grain publishes a new snapshot soon (coalescing
    /// notifications), so a point is visible to subscribers within a second.
    /// </summary>
    [OneWay, Alias("SeriesChangedAsync")]
    Task SeriesChangedAsync(string metric, LivePoint[]? points);

    /// <summary>
    /// A series of the test activated. Awaited by the series grain's activation, so the test knows every
    /// metric before the first point of it is acknowledged. Interleaves, so it never waits behind a
    /// snapshot that is activating that very series.
    /// </summary>
    [AlwaysInterleave, Alias("RegisterMetricAsync")]
    Task RegisterMetricAsync(string metric);

    /// <summary>The test's metrics: stored in the catalog or registered since activation.</summary>
    [Alias("GetMetricsAsync")]
    Task<string[]> GetMetricsAsync(CancellationToken cancellationToken = default);

    /// <summary>The latest snapshot, computed now if there is none yet.</summary>
    [Alias("GetSnapshotAsync")]
    Task<TestSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default);

    /// <summary>Someone wants the points themselves for a while: series grains forward them until then.</summary>
    [Alias("RequestPointsAsync")]
    Task RequestPointsAsync(TimeSpan duration, CancellationToken cancellationToken = default);
}
