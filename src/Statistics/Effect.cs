namespace TSMetrics.Statistics;

/// <summary>
/// The estimated difference between a treatment and the control and its variance (delta method for the
/// relative lift), or why there is none.
/// </summary>
public readonly record struct Effect(double Estimate, double Variance, string? Uninformative)
{
    public double StandardError => Math.Sqrt(Variance);

    public bool IsInformative => Uninformative is null;

    public static Effect Compute(ArmSample control, ArmSample treatment, bool proportion, DifferenceType type, long minimumCount) =>
        Compute(control.Estimate(proportion), treatment.Estimate(proportion), type, minimumCount);

    public static Effect Compute(ArmEstimate control, ArmEstimate treatment, DifferenceType type, long minimumCount)
    {
        if (control.Count < minimumCount || treatment.Count < minimumCount)
            return new Effect(0, 0, $"not enough data: each arm needs at least {minimumCount} observations");
        var varianceControl = control.Variance;
        var varianceTreatment = treatment.Variance;
        if (!(varianceControl > 0) || !(varianceTreatment > 0))
            return new Effect(0, 0, "zero variance in an arm: every observation is the same");

        var meanControl = control.Mean;
        var meanTreatment = treatment.Mean;
        if (type == DifferenceType.Absolute)
            return new Effect(meanTreatment - meanControl, varianceTreatment / treatment.Count + varianceControl / control.Count, null);

        if (meanControl == 0) return new Effect(0, 0, "the control mean is zero, so a relative lift is undefined");
        var variance = varianceTreatment / (treatment.Count * meanControl * meanControl)
            + varianceControl * meanTreatment * meanTreatment / (control.Count * Math.Pow(meanControl, 4));
        return new Effect((meanTreatment - meanControl) / Math.Abs(meanControl), variance, null);
    }
}
