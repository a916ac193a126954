using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics;

namespace TSMetrics.Gateway.Api.Comparisons;

/// <summary>
/// Comparisons over any window: each metric's totals over exactly the window they report
/// (<see cref="WindowReader"/>), then analyzed. The analysis runs in the gateway, so silos only sum buckets.
/// </summary>
public sealed class ComparisonService(IGrainFactory grains, WindowReader windows)
{
    /// <summary>The analysis, or null when the test has no metrics.</summary>
    public async Task<ExperimentAnalysis?> CompareAsync(
        string test, string? metric, long fromMicros, long toMicros, ComparisonSettings settings, CancellationToken cancellationToken) =>
        await ReadAsync(test, metric, fromMicros, toMicros, settings, cancellationToken) is { } input ? ExperimentAnalyzer.Analyze(input) : null;

    /// <summary>The analysis input (window totals per metric and variant, read with the settings), or null when the test has no metrics.</summary>
    public async Task<ExperimentInput?> ReadAsync(
        string test, string? metric, long fromMicros, long toMicros, ComparisonSettings settings, CancellationToken cancellationToken)
    {
        var testGrain = grains.GetGrain<ITestGrain>(test);
        var definition = await testGrain.GetDefinitionAsync(cancellationToken);
        IReadOnlyList<string> metrics = metric is not null ? [metric] : await testGrain.GetMetricsAsync(cancellationToken);
        if (metrics.Count == 0) return null;

        var totals = await Task.WhenAll(metrics.Select(name => windows.ReadAsync(new SeriesKey(test, name), fromMicros, toMicros, cancellationToken)));
        // Every metric is covered from the same start (it depends on the window and the tiers only); the
        // latest one is reported should they ever differ, so the answer never claims more than it computed.
        return ComparisonBuilder.Input(test, definition, totals, totals.Max(t => t.CoveredFromMicros), totals.Max(t => t.CoveredToMicros), settings);
    }
}
