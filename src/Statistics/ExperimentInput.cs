namespace TSMetrics.Statistics;

/// <summary>Everything needed to compare the variants of one test over one window.</summary>
/// <param name="Test">The test.</param>
/// <param name="Control">The control variant; null or unknown means the first variant by name.</param>
/// <param name="Weights">Expected share per variant for the sample-ratio check; null for equal.</param>
/// <param name="Metrics">The metrics to compare.</param>
/// <param name="Method">Sequential, fixed or Bayesian.</param>
/// <param name="Options">Alpha, lift type, tuning, prior.</param>
/// <param name="Correction">Which adjusted p-value the verdicts use.</param>
/// <param name="WindowFrom">Start of the window (UTC).</param>
/// <param name="WindowTo">End of the window (UTC).</param>
public sealed record ExperimentInput(
    string Test,
    string? Control,
    IReadOnlyDictionary<string, double>? Weights,
    IReadOnlyList<MetricInput> Metrics,
    TestMethod Method,
    ComparisonOptions Options,
    Correction Correction,
    DateTime WindowFrom,
    DateTime WindowTo);

/// <summary>One metric's per-variant samples and how to read them.</summary>
/// <param name="Name">Metric name.</param>
/// <param name="Unit">Unit, when defined.</param>
/// <param name="Proportion">True for 0/1 metrics (variance p(1 − p)).</param>
/// <param name="HigherIsBetter">True, false, or null when the direction is unknown.</param>
/// <param name="Variants">Per variant, its sample.</param>
public sealed record MetricInput(string Name, string? Unit, bool Proportion, bool? HigherIsBetter, IReadOnlyList<VariantSample> Variants)
{
    /// <summary>The kind the analysis reports: "proportion" or "mean" for event-level samples, the unit-level kind otherwise.</summary>
    public string Kind { get; init; } = Proportion ? "proportion" : "mean";

    /// <summary>"user" when the samples are over units, "event" when every point is an observation.</summary>
    public string AnalysisUnit { get; init; } = "event";

    /// <summary>Points left out of a unit-level analysis at the unit limit.</summary>
    public long RefusedUnitPoints { get; init; }

    /// <summary>Users seen in more than one variant, left out of the unit-level samples.</summary>
    public long CrossedUnits { get; init; }

    /// <summary>Quantile sketches and category counts per variant, when the series has them.</summary>
    public MetricParts? Parts { get; init; }

    /// <summary>A unit-level metric: every variant's sample is an estimate over units (see <see cref="VariantSample.OfUnits"/>).</summary>
    public static MetricInput OfUnits(string name, string? unit, Units.UnitMetricKind kind, bool? higherIsBetter, IReadOnlyList<VariantSample> variants) =>
        new(name, unit, kind == Units.UnitMetricKind.Proportion, higherIsBetter, variants) { Kind = kind.ToString().ToLowerInvariant(), AnalysisUnit = "user" };
}

/// <summary>One variant's sample of one metric.</summary>
/// <param name="Variant">The variant.</param>
/// <param name="Sample">Event-level sufficient statistics; unused when <see cref="Estimate"/> is set.</param>
public sealed record VariantSample(string Variant, ArmSample Sample)
{
    /// <summary>A unit-level estimate (n units, statistic, per-unit variance) that replaces <see cref="Sample"/> in every test.</summary>
    public ArmEstimate? Estimate { get; init; }

    /// <summary>The variant's points (for a unit-level sample, the points over all its units).</summary>
    public long Points { get; init; } = Sample.Count;

    /// <summary>What the tests compare for this variant.</summary>
    public ArmEstimate EstimateFor(bool proportion) => Estimate ?? Sample.Estimate(proportion);

    /// <summary>A variant measured over units: its estimate for the metric kind, with n = units.</summary>
    public static VariantSample OfUnits(string variant, Units.UnitSums sums, Units.UnitMetricKind kind) =>
        new(variant, default(ArmSample)) { Estimate = sums.Estimate(kind), Points = (long)sums.SumY };
}

/// <summary>Which multiple-comparison correction the verdicts use.</summary>
public enum Correction
{
    /// <summary>Holm-Bonferroni (family-wise error): the default.</summary>
    Holm,

    /// <summary>Benjamini-Hochberg (false discovery rate).</summary>
    BenjaminiHochberg,

    /// <summary>Raw p-values.</summary>
    None,
}
