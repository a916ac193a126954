using TSMetrics.Statistics;
using TSMetrics.Statistics.Power;

namespace TSMetrics.Tests.Statistics;

/// <summary>The test-level answer: GrowthBook's vector as days and observations at the traffic so far, and the cases without an answer.</summary>
public sealed class TestPowerAnalyzerTests
{
    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = Start.AddDays(4);

    [Fact]
    public void GrowthBooksVectorBecomesDaysAtTheTrafficSoFar()
    {
        var power = TestPowerAnalyzer.Analyze(Input(TestMethod.Fixed), null, 0.8, Start, Now);

        var b = power.Metrics.Single().Treatments.Single();
        Assert.Equal(("A", 4.0, 0.05), (power.Control, power.ElapsedDays, power.Metrics[0].MinimumEffect!.Value));
        Assert.Equal((PowerStatus.NeedsMoreData, 1_000L, 250.0), (b.Status, b.N, b.NPerDay!.Value));
        Assert.Equal(25.45703125, b.ScalingFactor!.Value, 8);
        Assert.Equal(25.45703125 * 4, b.AdditionalDays!.Value, 8);
        Assert.Equal(25_457.03125, b.AdditionalN!.Value, 5);
        Assert.Equal(Now.AddDays(25.45703125 * 4), b.ReadyAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(0.05, b.Lift!.Value, 12);
        Assert.True(b.PowerNow < 0.8 && b.DetectableEffectNow > 0.05);
    }

    [Theory]
    [InlineData(TestMethod.Sequential, 55.66796875)]
    [InlineData(TestMethod.Bayesian, 13.9404296875)]
    public void TheMethodChoosesWhoseIntervalThePowerIsFor(TestMethod method, double scaling)
    {
        var power = TestPowerAnalyzer.Analyze(Input(method), 0.05, 0.8, Start, Now);

        Assert.Equal(scaling, power.Metrics[0].Treatments[0].ScalingFactor!.Value, 8);
    }

    [Fact]
    public void AnAbsoluteEffectDefaultsToFivePercentOfTheControlMean()
    {
        var input = Input(TestMethod.Fixed) with { Options = ComparisonOptions.Default with { Type = DifferenceType.Absolute } };

        var power = TestPowerAnalyzer.Analyze(input, null, 0.8, Start, Now);

        // The control mean is 1, so 5% of it is the same effect as the relative vector, on a scale that differs slightly.
        Assert.Equal(0.05, power.Metrics[0].MinimumEffect!.Value, 12);
        Assert.Equal(0.05, power.Metrics[0].Treatments[0].Lift!.Value, 12);
        Assert.Equal(PowerStatus.NeedsMoreData, power.Metrics[0].Treatments[0].Status);
    }

    [Fact]
    public void WithoutAStartOrWithTooFewPointsThereIsNoAnswerAndItSaysWhy()
    {
        var unknownStart = TestPowerAnalyzer.Analyze(Input(TestMethod.Fixed), null, 0.8, null, Now);
        var tiny = Input(TestMethod.Fixed) with
        {
            Metrics = [new MetricInput("m", null, false, true, [new VariantSample("A", ArmSample.FromSums(1, 1, 1)), new VariantSample("B", ArmSample.FromSums(1, 2, 4))])],
        };
        var tooFew = TestPowerAnalyzer.Analyze(tiny, null, 0.8, Start, Now);

        Assert.Contains("start", unknownStart.Reason);
        Assert.Equal(PowerStatus.NotEnoughData, unknownStart.Metrics[0].Treatments[0].Status);
        var b = tooFew.Metrics[0].Treatments[0];
        Assert.Equal(PowerStatus.NotEnoughData, b.Status);
        Assert.Contains("not enough data", b.Reason);
        Assert.Null(b.AdditionalDays);
    }

    // gbstats' test_midexperimentpower.py inputs: 500 per arm, means 1 and 1.05, variance 1000/499.
    private static ExperimentInput Input(TestMethod method) => new(
        "t", "A", null,
        [new MetricInput("m", null, false, true, [
            new VariantSample("A", ArmSample.FromSums(500, 499.99999999999994, 1499.999999999999)),
            new VariantSample("B", ArmSample.FromSums(500, 525.0000000000008, 1551.2499999999998))])],
        method,
        ComparisonOptions.Default with { Prior = method == TestMethod.Bayesian ? new NormalPrior(0.05, Math.Sqrt(0.001)) : null },
        Correction.None, Start, Now);
}
