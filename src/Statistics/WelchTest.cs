using MathNet.Numerics.Distributions;

namespace TSMetrics.Statistics;

/// <summary>Fixed-horizon two-sided Welch t-test with Welch-Satterthwaite degrees of freedom (GrowthBook's TwoSidedTTest).</summary>
public static class WelchTest
{
    public static ComparisonResult Compare(ArmSample control, ArmSample treatment, bool proportion, ComparisonOptions options) =>
        Compare(control.Estimate(proportion), treatment.Estimate(proportion), options);

    public static ComparisonResult Compare(ArmEstimate control, ArmEstimate treatment, ComparisonOptions options)
    {
        var effect = Effect.Compute(control, treatment, options.Type, options.MinimumCount);
        if (!effect.IsInformative) return ComparisonResult.NotInformative(TestMethod.Fixed, effect.Uninformative!);

        var freedom = DegreesOfFreedom(control, treatment);
        var se = effect.StandardError;
        var t = effect.Estimate / se;
        var p = 2 * (1 - StudentT.CDF(0, 1, freedom, Math.Abs(t)));
        var half = StudentT.InvCDF(0, 1, freedom, 1 - options.Alpha / 2) * se;
        return new ComparisonResult(TestMethod.Fixed, effect.Estimate, effect.Estimate - half, effect.Estimate + half, se, Math.Clamp(p, 0, 1));
    }

    public static double DegreesOfFreedom(ArmSample control, ArmSample treatment, bool proportion) =>
        DegreesOfFreedom(control.Estimate(proportion), treatment.Estimate(proportion));

    /// <summary>ν = (vB/nB + vA/nA)² / (vB²/(nB²(nB−1)) + vA²/(nA²(nA−1))), from the per-unit variances.</summary>
    public static double DegreesOfFreedom(ArmEstimate control, ArmEstimate treatment)
    {
        double nA = control.Count, nB = treatment.Count;
        var vA = control.Variance;
        var vB = treatment.Variance;
        var numerator = Math.Pow(vB / nB + vA / nA, 2);
        var denominator = vB * vB / (nB * nB * (nB - 1)) + vA * vA / (nA * nA * (nA - 1));
        return numerator / denominator;
    }
}
