using TSMetrics.Statistics;
using TSMetrics.Statistics.Power;

namespace TSMetrics.Tests.Statistics;

/// <summary>
/// Mid-experiment power against GrowthBook's vectors (gbstats at commit 8f1db44,
/// packages/stats/tests/test_midexperimentpower.py): target effect 5% relative, power 0.8, alpha 0.05.
/// </summary>
public sealed class MidExperimentPowerTests
{
    private static readonly ArmEstimate Control = ArmSample.FromSums(500, 499.99999999999994, 1499.999999999999).Estimate(false);
    private static readonly ArmEstimate Treatment = ArmSample.FromSums(500, 525.0000000000008, 1551.2499999999998).Estimate(false);
    private static readonly PowerSettings Frequentist = new(TargetMde: 0.05);

    [Fact]
    public void FrequentistScalingFactorVector()
    {
        var result = MidExperimentPower.Analyze(Control, Treatment, DifferenceType.Relative, Frequentist);

        Assert.Equal(25.45703125, result.ScalingFactor!.Value, 8);
        Assert.Equal(0.8, PowerAt(Frequentist, result.ScalingFactor.Value), 4);
        Assert.Equal(1_000 * 25.45703125, result.AdditionalUnits!.Value, 6);
        Assert.Null(result.Error);
    }

    [Fact]
    public void SequentialScalingFactorVector()
    {
        var settings = Frequentist with { Sequential = true, SequentialTuning = 5000 };

        var result = MidExperimentPower.Analyze(Control, Treatment, DifferenceType.Relative, settings);

        Assert.Equal(55.66796875, result.ScalingFactor!.Value, 8);
        Assert.Equal(0.8, PowerAt(settings, result.ScalingFactor.Value), 4);
    }

    [Fact]
    public void BayesianScalingFactorVector()
    {
        // GrowthBook's prior has mean 0.05 and variance 0.001; ours takes the standard deviation.
        var settings = Frequentist with { Prior = new NormalPrior(0.05, Math.Sqrt(0.001)) };

        var result = MidExperimentPower.Analyze(Control, Treatment, DifferenceType.Relative, settings);

        Assert.Equal(13.9404296875, result.ScalingFactor!.Value, 8);
        Assert.Equal(0.8, PowerAt(settings, result.ScalingFactor.Value), 4);
    }

    [Fact]
    public void TheEffectDetectableNowHasTheTargetPowerNow()
    {
        var result = MidExperimentPower.Analyze(Control, Treatment, DifferenceType.Relative, Frequentist);
        var variance = Effect.Compute(Control, Treatment, DifferenceType.Relative, 2).Variance;

        Assert.Equal(0.8, MidExperimentPower.Power(variance, 1_000, Frequentist, result.DetectableEffectNow, 0), 9);
        // Without the far tail, detectable = (z_{0.975} + z_{0.8})·SE: 2.80·SE.
        Assert.Equal(2.8016, result.DetectableEffectNow / Math.Sqrt(variance), 3);
        Assert.True(result.PowerNow < 0.8);
        Assert.Equal(25.45703125 * 4, result.AdditionalDays(4)!.Value, 6);
    }

    [Fact]
    public void AnExperimentAlreadyPoweredNeedsNoMoreUnits()
    {
        var result = MidExperimentPower.Analyze(Control, Treatment, DifferenceType.Relative, Frequentist with { TargetMde = 0.6 });

        Assert.True(result.AlreadyPowered);
        Assert.Equal(0, result.AdditionalUnits);
        Assert.True(result.PowerNow > 0.8);
    }

    [Fact]
    public void CorrectingForMoreComparisonsNeedsMoreUnits()
    {
        var plain = MidExperimentPower.Analyze(Control, Treatment, DifferenceType.Relative, Frequentist);
        var corrected = MidExperimentPower.Analyze(Control, Treatment, DifferenceType.Relative, Frequentist with { PValueCorrected = true, Variations = 3, GoalMetrics = 2 });

        Assert.True(corrected.ScalingFactor > plain.ScalingFactor);
        Assert.True(corrected.DetectableEffectNow > plain.DetectableEffectNow);
    }

    [Fact]
    public void NoDataMeansNoAnswer()
    {
        var result = MidExperimentPower.Analyze(ArmSample.FromSums(1, 1, 1).Estimate(false), Treatment, DifferenceType.Relative, Frequentist);

        Assert.NotNull(result.Error);
        Assert.Null(result.ScalingFactor);
    }

    private static double PowerAt(PowerSettings settings, double scaling) =>
        MidExperimentPower.Power(Effect.Compute(Control, Treatment, DifferenceType.Relative, 2).Variance, 1_000, settings, 0.05, scaling);
}
