using TSMetrics.Statistics.Sketches;
using TSMetrics.Statistics;
using TSMetrics.Statistics.Units;

namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// Turns a test's definition and its metrics' window totals into the statistics library's input: the one
/// place that says how a metric's definition (kind, direction) is read by the analysis, for the gateway's
/// comparisons and the silo's alerts alike.
/// </summary>
public static class ExperimentInputs
{
    /// <summary>The analysis input for the given totals, read with the given method and options.</summary>
    /// <param name="test">The test.</param>
    /// <param name="definition">The test's definition (control, weights).</param>
    /// <param name="metrics">Per metric, its window totals.</param>
    /// <param name="fromMicros">Start of the window.</param>
    /// <param name="toMicros">End of the window.</param>
    /// <param name="control">A control chosen by the caller, or null for the definition's.</param>
    /// <param name="method">Sequential, fixed or Bayesian.</param>
    /// <param name="options">Alpha, lift type, tuning, prior.</param>
    /// <param name="correction">The multiple-comparison correction verdicts use.</param>
    /// <param name="eventLevel">Every point an observation even when points carry user ids (sliding windows, or on request).</param>
    public static ExperimentInput From(
        string test, TestDefinition definition, IReadOnlyList<WindowTotals> metrics, long fromMicros, long toMicros,
        string? control, TestMethod method, ComparisonOptions options, Correction correction, bool eventLevel = false)
    {
        var inputs = new List<MetricInput>(metrics.Count);
        foreach (var metric in metrics.OrderBy(m => m.Metric, StringComparer.Ordinal))
        {
            // Users are the randomized unit: whenever points carry user ids, each user is one observation.
            if (!eventLevel && metric.Units is { Length: > 0 } units)
            {
                var kind = UnitKind(metric.Definition.Kind);
                var perUser = units.Select(u => VariantSample.OfUnits(u.Variant, u.ToSums(), kind)).ToList();
                inputs.Add(MetricInput.OfUnits(metric.Metric, metric.Definition.Unit, kind, HigherIsBetter(metric.Definition), perUser)
                    with { RefusedUnitPoints = metric.RefusedUnitPoints, CrossedUnits = metric.CrossedUnits, Parts = Parts(metric) });
                continue;
            }

            var samples = metric.Variants
                .Where(v => v.Stats.Count > 0)
                .Select(v => new VariantSample(v.Variant, new ArmSample(v.Stats.Count, v.Stats.Sum, v.Stats.M2)))
                .ToList();
            inputs.Add(new MetricInput(metric.Metric, metric.Definition.Unit, metric.Definition.Kind == MetricKind.Proportion, HigherIsBetter(metric.Definition), samples)
                { Parts = Parts(metric) });
        }

        return new ExperimentInput(
            test, control ?? definition.Control, definition.Weights, inputs, method, options, correction,
            UnixTime.FromMicros(fromMicros), UnixTime.FromMicros(toMicros));
    }

    /// <summary>The metric's quantile sketches and category counts per variant, or null when it has neither.</summary>
    public static MetricParts? Parts(WindowTotals metric)
    {
        Dictionary<string, QuantileSketch>? sketches = null;
        Dictionary<string, IReadOnlyDictionary<string, long>>? categories = null;
        foreach (var variant in metric.Variants)
        {
            if (variant.Bins is { IsEmpty: false } bins)
                (sketches ??= new(StringComparer.Ordinal))[variant.Variant] = QuantileBins.ToSketch(bins, variant.Stats.Min, variant.Stats.Max);
            if (variant.Categories is { Length: > 0 } counts)
                (categories ??= new(StringComparer.Ordinal))[variant.Variant] = counts.ToDictionary(c => c.Category, c => c.Count, StringComparer.Ordinal);
        }

        return sketches is null && categories is null ? null : new MetricParts(sketches, QuantileBins.DefaultLevels, categories);
    }

    /// <summary>
    /// A metric kind read over users: a proportion is the share of users who converted, anything else the
    /// per-event mean Σvalue / Σpoints across users (delta method).
    /// </summary>
    public static UnitMetricKind UnitKind(MetricKind kind) => kind == MetricKind.Proportion ? UnitMetricKind.Proportion : UnitMetricKind.Mean;

    /// <summary>True when higher is better, false when lower is, null when the direction is not defined.</summary>
    public static bool? HigherIsBetter(MetricDefinition definition) => definition.Direction switch
    {
        MetricDirection.Higher => true,
        MetricDirection.Lower => false,
        _ => null,
    };
}
