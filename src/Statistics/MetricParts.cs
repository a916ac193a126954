using TSMetrics.Statistics.Sketches;

namespace TSMetrics.Statistics;

/// <summary>
/// What a metric has beyond the numbers its means are compared by: per variant, a quantile sketch (series that
/// keep percentiles) and points per string value (categorical series).
/// </summary>
/// <param name="Sketches">Per variant, the sketch of its values; null when the series keeps no percentiles.</param>
/// <param name="Levels">The quantile levels to compare (0.5, 0.95, 0.99 by default).</param>
/// <param name="Categories">Per variant, its points per string value; null when the series has none.</param>
public sealed record MetricParts(
    IReadOnlyDictionary<string, QuantileSketch>? Sketches,
    IReadOnlyList<double> Levels,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>? Categories);
