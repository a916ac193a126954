using MathNet.Numerics.Distributions;

namespace TSMetrics.Statistics;

/// <summary>
/// Normal-approximation Bayesian comparison on the same lift and standard error as the frequentist tests
/// (GrowthBook's EffectBayesianABTest): flat prior by default, optional normal prior.
/// </summary>
public static class BayesianTest
{
    public static ComparisonResult Compare(ArmSample control, ArmSample treatment, bool proportion, bool lowerIsBetter, ComparisonOptions options) =>
        Compare(control.Estimate(proportion), treatment.Estimate(proportion), lowerIsBetter, options);

    public static ComparisonResult Compare(ArmEstimate control, ArmEstimate treatment, bool lowerIsBetter, ComparisonOptions options)
    {
        var effect = Effect.Compute(control, treatment, options.Type, options.MinimumCount);
        if (!effect.IsInformative) return ComparisonResult.NotInformative(TestMethod.Bayesian, effect.Uninformative!);

        var (mean, sd) = Posterior(effect, control.Mean, options);
        var pNegative = Normal.CDF(mean, sd, 0);
        var chanceToWin = lowerIsBetter ? pNegative : 1 - pNegative;
        var z = Normal.InvCDF(0, 1, 1 - options.Alpha / 2);
        var (riskControl, riskTreatment) = ExpectedLoss(mean, sd);
        if (lowerIsBetter) (riskControl, riskTreatment) = (riskTreatment, riskControl);
        return new ComparisonResult(TestMethod.Bayesian, mean, mean - z * sd, mean + z * sd, sd, null, chanceToWin, riskControl, riskTreatment);
    }

    private static (double Mean, double Sd) Posterior(Effect effect, double controlMean, ComparisonOptions options)
    {
        if (options.Prior is not { } prior) return (effect.Estimate, effect.StandardError);
        // A relative prior is rescaled for absolute effects.
        var priorMean = options.Type == DifferenceType.Absolute ? prior.Mean * Math.Abs(controlMean) : prior.Mean;
        var priorVariance = prior.StandardDeviation * prior.StandardDeviation * (options.Type == DifferenceType.Absolute ? controlMean * controlMean : 1);
        var precision = 1 / effect.Variance + 1 / priorVariance;
        var mean = (effect.Estimate / effect.Variance + priorMean / priorVariance) / precision;
        return (mean, Math.Sqrt(1 / precision));
    }

    /// <summary>
    /// Expected loss of each choice under a normal posterior of the lift: choosing the control loses Δ when
    /// Δ &gt; 0, choosing the treatment loses −Δ when Δ &lt; 0 (truncated-normal means).
    /// </summary>
    public static (double Control, double Treatment) ExpectedLoss(double mean, double sd)
    {
        if (Math.Abs(mean / sd) > 37) return (Math.Max(mean, 0), Math.Max(-mean, 0));
        var pNegative = Normal.CDF(mean, sd, 0);
        var a = -mean / sd;
        var positiveMean = mean + sd * Normal.PDF(0, 1, a) / (1 - Normal.CDF(0, 1, a));
        var negativeMean = mean - sd * Normal.PDF(0, 1, a) / Normal.CDF(0, 1, a);
        return ((1 - pNegative) * positiveMean, -pNegative * negativeMean);
    }
}
