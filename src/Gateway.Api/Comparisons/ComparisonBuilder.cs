using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics;

namespace TSMetrics.Gateway.Api.Comparisons;

/// <summary>Turns a test's definition and its metrics' window totals into an analysis, read with a caller's settings.</summary>
public static class ComparisonBuilder
{
    public static ExperimentAnalysis Build(
        string test, TestDefinition definition, IReadOnlyList<WindowTotals> metrics, long fromMicros, long toMicros, ComparisonSettings settings) =>
        ExperimentAnalyzer.Analyze(Input(test, definition, metrics, fromMicros, toMicros, settings));

    public static ExperimentInput Input(
        string test, TestDefinition definition, IReadOnlyList<WindowTotals> metrics, long fromMicros, long toMicros, ComparisonSettings settings) =>
        ExperimentInputs.From(test, definition, metrics, fromMicros, toMicros, settings.Control, settings.Method, settings.Options, settings.Correction, settings.EventLevel);
}
