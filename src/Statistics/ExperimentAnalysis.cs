namespace TSMetrics.Statistics;

/// <summary>
/// A comparison of every treatment with the control, for every metric of a test, with everything a person
/// needs to read it: per-variant n/mean/sd, lift with interval, p-value or chance to win, sample-ratio
/// check and a verdict in the metric's direction.
/// </summary>
public sealed record ExperimentAnalysis(
    string Test,
    TestMethod Method,
    string MethodNote,
    double Alpha,
    DifferenceType DifferenceType,
    Correction Correction,
    DateTime WindowFrom,
    DateTime WindowTo,
    string? Control,
    SampleRatioCheck SampleRatio,
    IReadOnlyList<MetricAnalysis> Metrics)
{
    /// <summary>Users seen in more than one variant, and whether their share flags the test; null when no metric has users.</summary>
    public ExposureCheck? Exposure { get; init; }
}

/// <summary>The sample-ratio check: counts per variant against the expected split.</summary>
/// <param name="PValue">Chi-square p-value.</param>
/// <param name="Mismatch">True below p = 0.001: the split is off, so comparisons may be biased.</param>
/// <param name="Metric">The metric whose counts were used (the one with the most observations).</param>
/// <param name="Observed">Count per variant.</param>
/// <param name="Expected">Expected share per variant.</param>
public sealed record SampleRatioCheck(double PValue, bool Mismatch, string? Metric, IReadOnlyDictionary<string, long> Observed, IReadOnlyDictionary<string, double> Expected);

/// <summary>One metric: its variants and each treatment's comparison with the control.</summary>
/// <param name="AnalysisUnit">What n counts: "user" (each user one observation, since the test started) or "event" (each point).</param>
/// <param name="RefusedUnitPoints">Points of users left out of a user-level analysis at the series' unit limit.</param>
public sealed record MetricAnalysis(
    string Metric, string? Unit, string Kind, string Direction,
    IReadOnlyList<VariantSummary> Variants, IReadOnlyList<VariantComparison> Comparisons,
    string AnalysisUnit = "event", long RefusedUnitPoints = 0)
{
    /// <summary>Per quantile level, the variants' quantiles and each treatment's lift (per event); null when the series keeps no percentiles.</summary>
    public IReadOnlyList<Quantiles.QuantileAnalysis>? Quantiles { get; init; }

    /// <summary>The distribution of string values across variants (per event); null when the series has none.</summary>
    public Categories.CategoryAnalysis? Categories { get; init; }

    /// <summary>Users of this metric seen in more than one variant and left out of its comparison.</summary>
    public long CrossedUsers { get; init; }
}

/// <summary>One variant's n (users or points, by the metric's analysis unit), mean, standard deviation, and its points.</summary>
public sealed record VariantSummary(string Variant, long N, double? Mean, double? Sd, long Points = 0);

/// <summary>One treatment against the control on one metric.</summary>
public sealed record VariantComparison(
    string Variant,
    double Lift,
    double Lower,
    double Upper,
    double StandardError,
    double? PValue,
    double? PValueHolm,
    double? PValueBenjaminiHochberg,
    double? ChanceToWin,
    double? RiskControl,
    double? RiskTreatment,
    Verdict Verdict,
    string? Reason);
