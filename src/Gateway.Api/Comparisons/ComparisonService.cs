using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics;

namespace TSMetrics.Gateway.Api.Comparisons;

/// <summary>
/// Comparisons over any window, computed exactly over the window they report: each metric's grain answers
/// for the part its rings cover with whole buckets, the rollups and unflushed journal for the rest, merged
/// exactly (counts, sums and M2), then analyzed. The window is whole seconds: [floor(from), ceiling(to)),
/// later at its start only where storage no longer holds seconds that old.
/// </summary>
public sealed class ComparisonService(IGrainFactory grains, HistoryReader history, RollupTiers tiers)
{
    private const long Second = 1_000_000L;

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

        var from = AlignedCover.FloorTo(fromMicros, Second);
        var to = AlignedCover.CeilingTo(toMicros, Second);
        var totals = await Task.WhenAll(metrics.Select(name => WindowAsync(new SeriesKey(test, name), from, to, cancellationToken)));
        // Every metric is covered from the same start (it depends on the window and the tiers only); the
        // latest one is reported should they ever differ, so the answer never claims more than it computed.
        var coveredFrom = totals.Max(t => t.CoveredFromMicros);
        return ComparisonBuilder.Input(test, definition, totals, coveredFrom, to, settings);
    }

    private async Task<WindowTotals> WindowAsync(SeriesKey key, long fromMicros, long toMicros, CancellationToken cancellationToken)
    {
        var live = await grains.GetGrain<ISeriesGrain>(key.ToGrainKey()).GetWindowAsync(fromMicros, toMicros, cancellationToken);
        var runs = new List<(string, long, long)>();
        var coveredFrom = fromMicros < live.CoveredFromMicros ? tiers.Cover(fromMicros, live.CoveredFromMicros, runs) : live.CoveredFromMicros;
        if (runs.Count == 0 && live.CoveredFromMicros == live.CoveredToMicros) coveredFrom = toMicros;
        // Past the rings' future room (a window far ahead of now), the 1-second rollups hold the rest.
        if (live.CoveredToMicros < toMicros) tiers.Cover(live.CoveredToMicros, toMicros, runs);
        if (runs.Count == 0) return live with { CoveredToMicros = toMicros };

        var stored = await history.ReadTotalsAsync(key, runs, cancellationToken);
        foreach (var variant in live.Variants)
            stored[variant.Variant] = stored.TryGetValue(variant.Variant, out var older) ? SummaryStats.Combine(older, variant.Stats) : variant.Stats;
        return live with
        {
            CoveredFromMicros = coveredFrom,
            CoveredToMicros = toMicros,
            Variants = stored.Select(pair => new VariantTotals(pair.Key, pair.Value)).ToArray(),
        };
    }
}
