using TSMetrics.Statistics;

namespace TSMetrics.Gateway.Api.Contracts;

/// <summary>
/// One metric's lift over time: at the end of each step, every treatment's cumulative estimate and
/// interval from the start, and when the interval first left 0.
/// </summary>
public sealed record LiftOverTime(
    string Test, string Metric, string? Unit, string Kind, string Direction, TestMethod Method, double Alpha, DifferenceType DifferenceType,
    string? Control, DateTime From, DateTime To, string Granularity, string Note, IReadOnlyList<TreatmentLift> Treatments);

/// <summary>One treatment's cumulative lift, point by point, and the first point whose interval excludes 0.</summary>
/// <param name="Variant">The treatment.</param>
/// <param name="Points">One per step that had data, in time order.</param>
/// <param name="FirstExcludedZeroAt">End of the first step whose interval excludes 0, or null.</param>
public sealed record TreatmentLift(string Variant, IReadOnlyList<LiftPoint> Points, DateTime? FirstExcludedZeroAt);

/// <summary>The cumulative comparison at the end of one step.</summary>
/// <param name="T">End of the step, unix seconds.</param>
public sealed record LiftPoint(double T, double Lift, double Lower, double Upper, long ControlN, long TreatmentN);
