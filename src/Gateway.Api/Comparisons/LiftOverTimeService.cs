using TSMetrics.Gateway.Api.Contracts;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics;

namespace TSMetrics.Gateway.Api.Comparisons;

/// <summary>
/// The comparison applied to prefix totals: the series' buckets at the chosen step, summed cumulatively per
/// variant (count, sum, M2, merged exactly), analyzed at the end of every step. Steps older than the
/// grain's memory (24 h at 1 min, 7 d at 1 h) are read from the rollups as one total at the start.
/// </summary>
public sealed class LiftOverTimeService(IGrainFactory grains, HistoryReader history, RollupTiers tiers, TimeProvider time)
{
    public async Task<LiftOverTime> ComputeAsync(SeriesRequest request, ComparisonSettings settings, CancellationToken cancellationToken)
    {
        var key = request.Key;
        var series = grains.GetGrain<ISeriesGrain>(key.ToGrainKey());
        var definitionTask = series.GetDefinitionAsync(cancellationToken);
        var testTask = grains.GetGrain<ITestGrain>(key.Test).GetDefinitionAsync(cancellationToken);
        var live = await series.GetLiveSeriesAsync(new LiveSeriesRequest(request.FromMicros, request.ToMicros, request.GranularityMicros), cancellationToken);
        var seam = Math.Min(live.CoveredFromMicros, request.ToMicros);
        // The request ends on a whole step; the last step's estimate is the one of now, and says so.
        var lastEnd = Math.Min(request.ToMicros, UnixTime.ToMicros(time.GetUtcNow()));
        var runs = new List<(string, long, long)>();
        if (request.FromMicros < seam) tiers.Cover(request.FromMicros, seam, runs);
        var running = (await history.ReadTotalsAsync(key, runs, withBins: false, cancellationToken)).ToDictionary(pair => pair.Key, pair => pair.Value.Stats);
        var definition = await definitionTask;
        var test = await testTask;

        // Step ends where something changed (the stored prefix counts as the first), each with its cumulative totals.
        var steps = new SortedDictionary<long, List<(string Variant, SummaryStats Stats)>>();
        if (running.Count > 0) steps[seam] = [];
        foreach (var variant in live.Variants)
            foreach (var bucket in variant.Buckets)
            {
                if (bucket.StartMicros < seam || bucket.Stats.Count == 0) continue;
                var end = Math.Min(bucket.StartMicros + request.GranularityMicros, Math.Max(lastEnd, bucket.StartMicros + 1));
                if (!steps.TryGetValue(end, out var changes)) steps[end] = changes = [];
                changes.Add((variant.Variant, bucket.Stats));
            }

        var points = new Dictionary<string, List<LiftPoint>>(StringComparer.Ordinal);
        ExperimentAnalysis? last = null;
        foreach (var (end, changes) in steps)
        {
            foreach (var (variant, stats) in changes)
                running[variant] = running.TryGetValue(variant, out var before) ? SummaryStats.Combine(before, stats) : stats;
            var totals = new WindowTotals(key.Metric, definition, request.FromMicros, end,
                running.Select(pair => new VariantTotals(pair.Key, pair.Value)).ToArray());
            // Lift over time reads growing windows of events; user totals cover the whole test at once.
            last = ComparisonBuilder.Build(key.Test, test, [totals], request.FromMicros, end, settings with { EventLevel = true });
            var metric = last.Metrics[0];
            var controlN = metric.Variants.FirstOrDefault(v => v.Variant == last.Control)?.N ?? 0;
            foreach (var comparison in metric.Comparisons)
            {
                if (comparison.Verdict == Verdict.NotEnoughData) continue;
                if (!points.TryGetValue(comparison.Variant, out var list)) points[comparison.Variant] = list = [];
                var treatmentN = metric.Variants.FirstOrDefault(v => v.Variant == comparison.Variant)?.N ?? 0;
                list.Add(new LiftPoint(end / (double)UnixTime.MicrosPerSecond, comparison.Lift, comparison.Lower, comparison.Upper, controlN, treatmentN));
            }
        }

        var treatments = points.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new TreatmentLift(pair.Key, pair.Value, FirstExcludedZero(pair.Value)))
            .ToList();
        var kind = MetricText.Kind(definition.Kind);
        var direction = ExperimentInputs.HigherIsBetter(definition) switch { true => "higher", false => "lower", _ => "unknown" };
        return new LiftOverTime(
            key.Test, key.Metric, definition.Unit, kind, direction, settings.Method, settings.Options.Alpha, settings.Options.Type,
            last?.Control ?? settings.Control ?? test.Control, UnixTime.FromMicros(request.FromMicros), UnixTime.FromMicros(request.ToMicros),
            Granularity.Format(request.GranularityMicros), Note(settings.Method), treatments);
    }

    private static DateTime? FirstExcludedZero(List<LiftPoint> points)
    {
        foreach (var point in points)
            if (point.Lower > 0 || point.Upper < 0) return UnixTime.FromMicros((long)Math.Round(point.T * UnixTime.MicrosPerSecond));
        return null;
    }

    private static string Note(TestMethod method) => method == TestMethod.Sequential
        ? "Cumulative from the start. Sequential intervals hold at every point, so the first point whose interval leaves 0 is a valid stopping point."
        : "Cumulative from the start. Only sequential intervals hold at every point; with this method, reading the chart repeatedly overstates certainty.";
}
