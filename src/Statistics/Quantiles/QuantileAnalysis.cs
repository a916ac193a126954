namespace TSMetrics.Statistics.Quantiles;

/// <summary>One quantile level of a metric across variants: each variant's value, each treatment against the control.</summary>
/// <param name="Level">The level ν (0.95 for p95).</param>
/// <param name="Name">"p95".</param>
/// <param name="Variants">Per variant, its values counted and its quantile.</param>
/// <param name="Comparisons">Per treatment, the quantile's lift over the control with its interval and verdict.</param>
public sealed record QuantileAnalysis(double Level, string Name, IReadOnlyList<QuantileValue> Variants, IReadOnlyList<VariantComparison> Comparisons)
{
    /// <summary>How answers name a level: 0.5 is "p50", 0.999 is "p99.9".</summary>
    public static string NameOf(double level) => "p" + (level * 100).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Quantiles are of points: a sketch does not know which user sent a value.</summary>
    public string AnalysisUnit => "event";
}

/// <summary>A variant's quantile.</summary>
public sealed record QuantileValue(string Variant, long N, double? Value);
