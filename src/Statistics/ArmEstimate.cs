namespace TSMetrics.Statistics;

/// <summary>
/// What every test needs of one arm: its units, the arm's statistic (a mean, a ratio of means, a share of
/// units, a quantile) and that statistic's per-unit variance, which the tests divide by the count as gbstats
/// does. Event-level samples (<see cref="ArmSample"/>) and unit-level sums (<see cref="Units.UnitSums"/>)
/// both reduce to this, so one set of tests serves both.
/// </summary>
/// <param name="Count">Units (or events, for event-level samples).</param>
/// <param name="Mean">The arm statistic.</param>
/// <param name="Variance">Per-unit variance of the statistic: Var(statistic) · Count.</param>
public readonly record struct ArmEstimate(long Count, double Mean, double Variance);
