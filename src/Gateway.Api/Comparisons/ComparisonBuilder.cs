using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics;

namespace TSMetrics.Gateway.Api.Comparisons;

/// <summary>Turns a test's definition and its metrics' window totals into an analysis.</summary>
public static class ComparisonBuilder
{
    public static ExperimentAnalysis Build(
        string test, TestDefinition definition, IReadOnlyList<WindowTotals> metrics, long fromMicros, long toMicros, ComparisonSettings settings)
    {
        var inputs = new List<MetricInput>(metrics.Count);
        foreach (var metric in metrics.OrderBy(m => m.Metric, StringComparer.Ordinal))
        {
            var samples = metric.Variants
                .Where(v => v.Stats.Count > 0)
                .Select(v => new VariantSample(v.Variant, new ArmSample(v.Stats.Count, v.Stats.Sum, v.Stats.M2)))
                .ToList();
            bool? higherIsBetter = metric.Definition.Direction switch
            {
                MetricDirection.Higher => true,
                MetricDirection.Lower => false,
                _ => null,
            };
            inputs.Add(new MetricInput(metric.Metric, metric.Definition.Unit, metric.Definition.Kind == MetricKind.Proportion, higherIsBetter, samples));
        }

        return ExperimentAnalyzer.Analyze(new ExperimentInput(
            test, settings.Control ?? definition.Control, definition.Weights, inputs, settings.Method, settings.Options, settings.Correction,
            UnixTime.FromMicros(fromMicros), UnixTime.FromMicros(toMicros)));
    }
}
