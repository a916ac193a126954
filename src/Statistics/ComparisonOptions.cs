namespace TSMetrics.Statistics;

/// <summary>Settings of one comparison.</summary>
/// <param name="Alpha">Significance level, two-sided. Default 0.05.</param>
/// <param name="Type">Relative (default) or absolute lift.</param>
/// <param name="SequentialTuning">N*, the total sample size at which sequential intervals are tightest. Default 5000.</param>
/// <param name="MinimumCount">Observations each arm needs before anything is said. Default 2.</param>
/// <param name="Prior">Normal prior on the lift for the Bayesian view (relative scale); null for flat.</param>
public sealed record ComparisonOptions(
    double Alpha = 0.05,
    DifferenceType Type = DifferenceType.Relative,
    double SequentialTuning = 5000,
    long MinimumCount = 2,
    NormalPrior? Prior = null)
{
    public static ComparisonOptions Default { get; } = new();
}

/// <summary>A normal prior on the lift: mean and standard deviation, on the relative scale.</summary>
public sealed record NormalPrior(double Mean, double StandardDeviation);
