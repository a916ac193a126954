namespace TSMetrics.Statistics;

/// <summary>
/// GrowthBook's asymptotic confidence sequences (Waudby-Smith et al.): an interval and p-value that stay
/// valid however often a live result is looked at, at the price of wider intervals early on.
/// </summary>
public static class SequentialTest
{
    public static ComparisonResult Compare(ArmSample control, ArmSample treatment, bool proportion, ComparisonOptions options) =>
        Compare(control.Estimate(proportion), treatment.Estimate(proportion), options);

    public static ComparisonResult Compare(ArmEstimate control, ArmEstimate treatment, ComparisonOptions options)
    {
        var effect = Effect.Compute(control, treatment, options.Type, options.MinimumCount);
        if (!effect.IsInformative) return ComparisonResult.NotInformative(TestMethod.Sequential, effect.Uninformative!);

        double n = control.Count + treatment.Count;
        var alpha = options.Alpha;
        var rhoSquared = Rho(alpha, options.SequentialTuning) is var rho ? rho * rho : 0;
        var sSquared = effect.Variance * n;
        var half = HalfWidth(sSquared, n, rhoSquared, alpha);

        // p = min(1/e, 1) with e = exp(ρ²·st2 / (2(Nρ²+1))) / sqrt(Nρ²+1); in logs, so a huge e cannot overflow.
        var st2 = effect.Estimate * effect.Estimate * n / effect.Variance;
        var logE = rhoSquared * st2 / (2 * (n * rhoSquared + 1)) - 0.5 * Math.Log(n * rhoSquared + 1);
        var p = Math.Min(Math.Exp(-logE), 1);
        return new ComparisonResult(TestMethod.Sequential, effect.Estimate, effect.Estimate - half, effect.Estimate + half, effect.StandardError, p);
    }

    /// <summary>Two-sided half-width (eq. 9): s·sqrt(2(Nρ²+1)/(N²ρ²)·ln(sqrt(Nρ²+1)/α)), s² = SE²·N.</summary>
    public static double HalfWidth(double sSquared, double n, double rhoSquared, double alpha) =>
        Math.Sqrt(sSquared) * Math.Sqrt(2 * (n * rhoSquared + 1) / (n * n * rhoSquared) * Math.Log(Math.Sqrt(n * rhoSquared + 1) / alpha));

    /// <summary>ρ = sqrt((−2 ln α + ln(−2 ln α + 1)) / N*).</summary>
    public static double Rho(double alpha, double tuning) =>
        Math.Sqrt((-2 * Math.Log(alpha) + Math.Log(-2 * Math.Log(alpha) + 1)) / tuning);
}
