namespace TSMetrics.Statistics.Power;

/// <summary>
/// How long a running test still needs, per metric and treatment: at the variance and traffic seen since
/// the test's first point, the effect detectable now and the time until the chosen minimum effect is.
/// </summary>
/// <param name="Test">The test.</param>
/// <param name="Method">Whose interval the power is for: sequential, fixed or Bayesian (with a prior; flat reads as fixed).</param>
/// <param name="Alpha">Significance level, two-sided.</param>
/// <param name="TargetPower">Chance of detecting the minimum effect that counts as powered.</param>
/// <param name="DifferenceType">Scale of the effects: relative (share of the control mean) or absolute.</param>
/// <param name="MinimumEffect">The minimum effect asked for (relative default 0.05); per metric see <see cref="MetricPower.MinimumEffect"/>.</param>
/// <param name="Control">The control every treatment is compared with.</param>
/// <param name="From">The test's first point: the window starts there; null when not known yet.</param>
/// <param name="To">Now: the window's end.</param>
/// <param name="ElapsedDays">Days from <paramref name="From"/> to <paramref name="To"/>.</param>
/// <param name="Reason">Why nothing could be computed for the whole test, or null.</param>
/// <param name="Metrics">Per metric, per treatment.</param>
public sealed record TestPower(
    string Test, TestMethod Method, double Alpha, double TargetPower, DifferenceType DifferenceType, double? MinimumEffect,
    string? Control, DateTime? From, DateTime To, double ElapsedDays, string? Reason, IReadOnlyList<MetricPower> Metrics);

/// <summary>One metric's power, per treatment.</summary>
/// <param name="MinimumEffect">The minimum effect used for this metric, on the lift's scale (absolute: in the metric's unit).</param>
public sealed record MetricPower(string Metric, string? Unit, string Kind, double? MinimumEffect, IReadOnlyList<TreatmentPower> Treatments);

/// <summary>One treatment against the control.</summary>
/// <param name="Variant">The treatment.</param>
/// <param name="Status">Powered already, needs more data, out of reach, or not enough data to say.</param>
/// <param name="Reason">Why, when there is no answer.</param>
/// <param name="N">Observations in the two arms compared so far (points, or units for unit-level metrics).</param>
/// <param name="NPerDay">Traffic so far: <paramref name="N"/> over the days elapsed.</param>
/// <param name="Lift">The current estimate, for reference.</param>
/// <param name="StandardError">Its standard error.</param>
/// <param name="PowerNow">Chance of detecting the minimum effect with the data so far.</param>
/// <param name="DetectableEffectNow">The smallest effect detectable now with the target power (same scale as the lift).</param>
/// <param name="ScalingFactor">More observations needed as a multiple of <paramref name="N"/> (GrowthBook's scaling factor); 0 when powered.</param>
/// <param name="AdditionalN">Observations still needed in the two arms: scaling factor × N.</param>
/// <param name="AdditionalDays">Days still needed at the traffic so far: scaling factor × days elapsed.</param>
/// <param name="ReadyAt">When the minimum effect would be detectable at the traffic so far.</param>
public sealed record TreatmentPower(
    string Variant, PowerStatus Status, string? Reason, long N, double? NPerDay, double? Lift, double? StandardError,
    double? PowerNow, double? DetectableEffectNow, double? ScalingFactor, double? AdditionalN, double? AdditionalDays, DateTime? ReadyAt);

/// <summary>Where a treatment stands on power.</summary>
public enum PowerStatus
{
    /// <summary>Nothing can be said yet (too few observations, zero variance, a zero control mean, no start known).</summary>
    NotEnoughData,

    /// <summary>The minimum effect is detectable now with the target power.</summary>
    AlreadyPowered,

    /// <summary>More observations are needed: see the additional days and observations.</summary>
    NeedsMoreData,

    /// <summary>Even 2^27 times the observations would not reach the target power.</summary>
    OutOfReach,
}
