using TSMetrics.Statistics;

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
    public static ExperimentInput From(
        string test, TestDefinition definition, IReadOnlyList<WindowTotals> metrics, long fromMicros, long toMicros,
        string? control, TestMethod method, ComparisonOptions options, Correction correction)
    {
        var inputs = new List<MetricInput>(metrics.Count);
        foreach (var metric in metrics.OrderBy(m => m.Metric, StringComparer.Ordinal))
        {
            var samples = metric.Variants
                .Where(v => v.Stats.Count > 0)
                .Select(v => new VariantSample(v.Variant, new ArmSample(v.Stats.Count, v.Stats.Sum, v.Stats.M2)))
                .ToList();
            inputs.Add(new MetricInput(metric.Metric, metric.Definition.Unit, metric.Definition.Kind == MetricKind.Proportion, HigherIsBetter(metric.Definition), samples));
        }

        return new ExperimentInput(
            test, control ?? definition.Control, definition.Weights, inputs, method, options, correction,
            UnixTime.FromMicros(fromMicros), UnixTime.FromMicros(toMicros));
    }

    /// <summary>True when higher is better, false when lower is, null when the direction is not defined.</summary>
    public static bool? HigherIsBetter(MetricDefinition definition) => definition.Direction switch
    {
        MetricDirection.Higher => true,
        MetricDirection.Lower => false,
        _ => null,
    };
}
