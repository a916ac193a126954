using MathNet.Numerics.Distributions;
using TSMetrics.Statistics;
using TSMetrics.Statistics.Power;
using Xunit.Abstractions;

namespace TSMetrics.Tests.Statistics;

/// <summary>
/// The power formulas against simulated experiments with a known true effect: normal arms, drawn as their
/// sufficient statistics (mean ~ N(μ, σ²/n), variance ~ σ²χ²(n−1)/(n−1), exact for normal data), so
/// thousands of experiments cost milliseconds.
/// </summary>
public sealed class MidExperimentPowerSimulationTests(ITestOutputHelper output)
{
    private const int Experiments = 4_000;
    private const double ControlMean = 10, Sd = 3, TrueLift = 0.03;

    [Fact]
    public void ThePowerOfAFixedTestIsTheShareOfSimulatedExperimentsThatDetectTheTrueEffect()
    {
        const long perArm = 1_000;
        var settings = new PowerSettings(TrueLift);
        var predicted = MidExperimentPower.Power(TrueVariance(perArm), 2 * perArm, settings, TrueLift, 0);

        var observed = RejectionRate(perArm, (c, t) => WelchTest.Compare(c, t, ComparisonOptions.Default), new Random(17));

        output.WriteLine($"fixed, {perArm} per arm, true lift {TrueLift}: predicted power {predicted:F4}, observed {observed:F4} over {Experiments} experiments");
        Assert.InRange(predicted, 0.5, 0.7); // a power in the middle, where the check is sharpest
        Assert.True(Math.Abs(observed - predicted) < Tolerance(predicted), $"predicted {predicted:F4}, observed {observed:F4}");
    }

    [Fact]
    public void GrowingBySequentialScalingFactorReachesTheTargetPowerInSimulatedExperiments()
    {
        // From a first period of 300 per arm, the scaling factor says how far to grow; at that size 80% of
        // experiments with the true effect end with a sequential interval that excludes 0.
        const long firstPeriod = 300;
        var settings = new PowerSettings(TrueLift, Sequential: true, SequentialTuning: 5000);
        var first = MidExperimentPower.Analyze(TrueVariance(firstPeriod), 2 * firstPeriod, settings);
        var perArm = (long)Math.Round(firstPeriod * (1 + first.ScalingFactor!.Value));

        var observed = RejectionRate(perArm, (c, t) => SequentialTest.Compare(c, t, ComparisonOptions.Default), new Random(29));

        output.WriteLine($"sequential, from {firstPeriod} per arm: k = {first.ScalingFactor:F4}, grown to {perArm} per arm, observed power {observed:F4} (target 0.8)");
        Assert.True(first.ScalingFactor > 1);
        Assert.True(Math.Abs(observed - 0.8) < Tolerance(0.8), $"grown to {perArm} per arm (k = {first.ScalingFactor:F3}), observed {observed:F4}");
    }

    [Fact]
    public void TheEffectDetectableNowIsDetectedAtTheTargetPowerInSimulatedExperiments()
    {
        const long perArm = 2_000;
        var result = MidExperimentPower.Analyze(TrueVariance(perArm), 2 * perArm, new PowerSettings(TrueLift));
        var lift = result.DetectableEffectNow;

        var observed = RejectionRate(perArm, (c, t) => WelchTest.Compare(c, t, ComparisonOptions.Default), new Random(41), lift);

        output.WriteLine($"fixed, {perArm} per arm: detectable now {lift:F5}, observed power at that lift {observed:F4} (target 0.8)");
        Assert.True(Math.Abs(observed - 0.8) < Tolerance(0.8), $"detectable {lift:F4}, observed {observed:F4}");
    }

    // SE² of the relative lift at the true means (delta method, as Effect computes it from estimates).
    private static double TrueVariance(long perArm, double lift = TrueLift)
    {
        var treatmentMean = ControlMean * (1 + lift);
        return Sd * Sd / (perArm * ControlMean * ControlMean) + Sd * Sd * treatmentMean * treatmentMean / (perArm * Math.Pow(ControlMean, 4));
    }

    // Four standard errors of a simulated share: a formula off by a few points fails, chance almost never does.
    private static double Tolerance(double p) => 4 * Math.Sqrt(p * (1 - p) / Experiments);

    private static double RejectionRate(long perArm, Func<ArmEstimate, ArmEstimate, ComparisonResult> compare, Random rng, double lift = TrueLift)
    {
        var rejected = 0;
        for (var i = 0; i < Experiments; i++)
        {
            var result = compare(Draw(perArm, ControlMean, rng), Draw(perArm, ControlMean * (1 + lift), rng));
            if (result.Lower > 0 || result.Upper < 0) rejected++;
        }

        return rejected / (double)Experiments;
    }

    // χ²(n − 1) drawn as Gamma((n − 1)/2, rate 1/2), which costs the same for any n.
    private static ArmEstimate Draw(long n, double mean, Random rng) =>
        new(n, Normal.Sample(rng, mean, Sd / Math.Sqrt(n)), Sd * Sd * Gamma.Sample(rng, (n - 1) / 2.0, 0.5) / (n - 1));
}
