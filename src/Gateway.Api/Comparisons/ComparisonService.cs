using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics;

namespace TSMetrics.Gateway.Api.Comparisons;

/// <summary>
/// Comparisons over any window: each metric's grain answers for the part it holds in memory, the rollups
/// for anything older, merged exactly (counts, sums and M2), then analyzed.
/// </summary>
public sealed class ComparisonService(IGrainFactory grains, HistoryReader history)
{
    /// <summary>The analysis, or null when the test has no metrics.</summary>
    public async Task<ExperimentAnalysis?> CompareAsync(
        string test, string? metric, long fromMicros, long toMicros, ComparisonSettings settings, CancellationToken cancellationToken)
    {
        var testGrain = grains.GetGrain<ITestGrain>(test);
        var definition = await testGrain.GetDefinitionAsync(cancellationToken);
        IReadOnlyList<string> metrics = metric is not null ? [metric] : await testGrain.GetMetricsAsync(cancellationToken);
        if (metrics.Count == 0) return null;

        var totals = await Task.WhenAll(metrics.Select(name => WindowAsync(new SeriesKey(test, name), fromMicros, toMicros, cancellationToken)));
        return ComparisonBuilder.Build(test, definition, totals, fromMicros, toMicros, settings);
    }

    private async Task<WindowTotals> WindowAsync(SeriesKey key, long fromMicros, long toMicros, CancellationToken cancellationToken)
    {
        var live = await grains.GetGrain<ISeriesGrain>(key.ToGrainKey()).GetWindowAsync(fromMicros, toMicros, cancellationToken);
        var start = fromMicros / live.ResolutionMicros * live.ResolutionMicros;
        if (start >= live.CoveredFromMicros) return live;

        var stored = await history.ReadTotalsAsync(key, start, live.CoveredFromMicros, live.ResolutionMicros, cancellationToken);
        foreach (var variant in live.Variants)
            stored[variant.Variant] = stored.TryGetValue(variant.Variant, out var older) ? SummaryStats.Combine(older, variant.Stats) : variant.Stats;
        return live with { Variants = stored.Select(pair => new VariantTotals(pair.Key, pair.Value)).ToArray() };
    }
}
