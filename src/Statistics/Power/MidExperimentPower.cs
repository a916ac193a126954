using MathNet.Numerics.Distributions;

namespace TSMetrics.Statistics.Power;

/// <summary>
/// GrowthBook's mid-experiment power (gbstats/power/midexperimentpower.py): with the variance seen so far,
/// the power to detect a target effect if the experiment grows by a scaling factor k (variance shrinks to
/// SE²/(1 + k)), the k that reaches the target power (doubling, then bisection to 1e-5 in power, exactly as
/// gbstats), and the effect detectable now.
/// </summary>
public static class MidExperimentPower
{
    private const int MaxDoublings = 27;
    private const int MaxBisections = 100;

    public static PowerResult Analyze(ArmEstimate control, ArmEstimate treatment, DifferenceType type, PowerSettings settings)
    {
        var effect = Effect.Compute(control, treatment, type, 2);
        if (!effect.IsInformative) return new PowerResult(0, double.NaN, null, null, effect.Uninformative);
        return Analyze(effect.Variance, control.Count + treatment.Count, settings);
    }

    /// <param name="effectVariance">SE² of the lift so far.</param>
    /// <param name="pairwiseUnits">Units in the two arms compared.</param>
    /// <param name="settings">Target effect and power.</param>
    public static PowerResult Analyze(double effectVariance, long pairwiseUnits, PowerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!(effectVariance > 0) || pairwiseUnits <= 0) return new PowerResult(0, double.NaN, null, null, "no variance or no units yet");
        var target = Math.Pow(settings.TargetPower, 1.0 / settings.GoalMetrics);
        var mde = Math.Abs(settings.TargetMde);
        var powerNow = Power(effectVariance, pairwiseUnits, settings, mde, 0);
        var detectable = DetectableEffect(effectVariance, pairwiseUnits, settings, target);
        var (scaling, error) = ScalingFactor(effectVariance, pairwiseUnits, settings, mde, target);
        return new PowerResult(powerNow, detectable, scaling, scaling * pairwiseUnits, error);
    }

    /// <summary>Power to detect <paramref name="mde"/> once the units grow by a factor 1 + <paramref name="scaling"/>.</summary>
    public static double Power(double effectVariance, long pairwiseUnits, PowerSettings settings, double mde, double scaling)
    {
        var tests = settings.PValueCorrected ? (settings.Variations - 1) * settings.GoalMetrics : 1;
        var multiplier = Normal.InvCDF(0, 1, 1 - settings.Alpha / (2.0 * tests));
        var variance = effectVariance / (1 + scaling);
        var sd = Math.Sqrt(variance);
        if (settings.Prior is { } prior)
        {
            var priorVariance = prior.StandardDeviation * prior.StandardDeviation;
            var precision = 1 / priorVariance + 1 / variance;
            var shrunk = variance * Math.Sqrt(precision) * multiplier;
            var shift = variance * prior.Mean / priorVariance;
            return 1 - Normal.CDF(0, 1, (shrunk - shift - mde) / sd) + Normal.CDF(0, 1, -(shrunk + shift + mde) / sd);
        }

        double halfWidth;
        if (settings.Sequential)
        {
            double n = pairwiseUnits, total = n + scaling * n;
            var alpha = settings.Alpha / tests;
            var rho = SequentialTest.Rho(alpha, settings.SequentialTuning);
            halfWidth = SequentialTest.HalfWidth(n * effectVariance, total, rho * rho, alpha);
        }
        else
        {
            halfWidth = multiplier * sd;
        }

        return 1 - Normal.CDF(0, 1, (halfWidth - mde) / sd) + Normal.CDF(0, 1, -(halfWidth + mde) / sd);
    }

    private static (double? Scaling, string? Error) ScalingFactor(double effectVariance, long units, PowerSettings settings, double mde, double target)
    {
        if (Power(effectVariance, units, settings, mde, 0) > target) return (0, null);
        double scaling = 1, power = Power(effectVariance, units, settings, mde, scaling);
        for (var i = 0; i < MaxDoublings && power < target; i++) power = Power(effectVariance, units, settings, mde, scaling *= 2);
        if (power < target) return (null, "the target power is out of reach even with 2^27 times the units");

        double lower = 0, upper = scaling, difference = power - target;
        for (var i = 0; i < MaxBisections; i++)
        {
            if (difference > 0) upper = scaling;
            else lower = scaling;
            scaling = 0.5 * (lower + upper);
            difference = Power(effectVariance, units, settings, mde, scaling) - target;
            if (Math.Abs(difference) < 1e-5) return (scaling, null);
        }

        return (null, "the search for the scaling factor did not converge");
    }

    // Power grows with the effect, so the effect reaching the target now is found by doubling then bisection.
    private static double DetectableEffect(double effectVariance, long units, PowerSettings settings, double target)
    {
        double lower = 0, upper = Math.Sqrt(effectVariance);
        while (Power(effectVariance, units, settings, upper, 0) < target && upper < 1e12) upper *= 2;
        for (var i = 0; i < 200 && upper - lower > 1e-12 * upper; i++)
        {
            var middle = 0.5 * (lower + upper);
            if (Power(effectVariance, units, settings, middle, 0) < target) lower = middle;
            else upper = middle;
        }

        return upper;
    }
}
