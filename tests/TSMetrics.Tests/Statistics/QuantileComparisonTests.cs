using TSMetrics.Statistics;
using TSMetrics.Statistics.Quantiles;
using TSMetrics.Statistics.Sketches;
using TSMetrics.Statistics.Units;
using TSMetrics.Tests.Unit;

namespace TSMetrics.Tests.Statistics;

/// <summary>
/// Quantile comparisons against GrowthBook's vectors (gbstats at commit 8f1db44,
/// packages/stats/tests/bayesian/test_tests.py TestEffectBayesianABTest and
/// packages/stats/tests/test_shared_models.py TestQuantileStatisticZeroVariance), and on sketches.
/// </summary>
public sealed class QuantileComparisonTests
{
    private static readonly QuantileArm Control = new(11054, 11054, 0.9, 7.157987489967789, 7.098780136176828, 7.217194843758751);
    private static readonly QuantileArm Treatment = new(10861, 10861, 0.9, 7.694499927525767, 7.64180598628119, 7.747193868770344);

    public static TheoryData<DifferenceType, double?, double, double, double> BayesianVectors => new()
    {
        // Improper flat prior, and proper priors of variance 1e6 and 1 (GrowthBook states variances; we take standard deviations).
        { DifferenceType.Absolute, null, 0.5365124375579775, 0.4572559589115422, 0.6157689162044128 },
        { DifferenceType.Absolute, 1000, 0.536512437540855, 0.4572559588956844, 0.6157689161860256 },
        { DifferenceType.Relative, 1000, 0.07495297222736319, 0.06341005842481906, 0.08649588602990732 },
        { DifferenceType.Absolute, 1, 0.536495315442269, 0.4572401014910488, 0.6157505293934892 },
        { DifferenceType.Relative, 1, 0.07495037261804469, 0.06340765898986044, 0.08649308624622894 },
    };

    [Theory]
    [MemberData(nameof(BayesianVectors))]
    public void BayesianQuantileVectors(DifferenceType type, double? priorSd, double expected, double lower, double upper)
    {
        var options = new ComparisonOptions(Type: type, Prior: priorSd is { } sd ? new NormalPrior(0, sd) : null);

        var result = BayesianTest.Compare(Control.ToEstimate(), Treatment.ToEstimate(), false, options);

        Assert.Equal(expected, result.Lift, 9);
        Assert.Equal(lower, result.Lower, 9);
        Assert.Equal(upper, result.Upper, 9);
    }

    [Fact]
    public void CollapsedBoundsAreUninformativeAtAnyN()
    {
        Assert.True(new QuantileArm(60_000_000, 60_000_000, 0.9, 5, 5, 5).HasZeroVariance);
        Assert.True(new QuantileArm(999, 999, 0.9, 5, 5, 5).HasZeroVariance);
        Assert.False(new QuantileArm(60_000_000, 60_000_000, 0.9, 5, 4.99, 5.01).HasZeroVariance);

        var result = WelchTest.Compare(new QuantileArm(60_000_000, 60_000_000, 0.9, 5, 5, 5).ToEstimate(),
            new QuantileArm(60_000_000, 60_000_000, 0.9, 5, 4.99, 5.01).ToEstimate(), new ComparisonOptions(Type: DifferenceType.Absolute));
        Assert.False(result.IsInformative);
    }

    [Fact]
    public void TheVarianceFollowsTheOuterInterval()
    {
        // (n*/n)(n − 1)((q_U − q_L)/(2·1.959964))², floored at 1e-5 from n = 100.
        var expected = 11053 * Math.Pow((7.217194843758751 - 7.098780136176828) / (2 * 1.959963984540054), 2);

        Assert.Equal(expected, Control.Variance, 9);
        Assert.Equal(1e-5, new QuantileArm(1_000, 1_000, 0.5, 1, 1, 1.0000001).Variance);
    }

    [Fact]
    public void P99NeedsEnoughValues()
    {
        Assert.True(new QuantileArm(380, 380, 0.99, 5, 4, 6).HasZeroVariance);
        Assert.False(new QuantileArm(381, 381, 0.99, 5, 4, 6).HasZeroVariance);
        Assert.True(new QuantileArm(380, 380, 0.01, 5, 4, 6).HasZeroVariance);
    }

    [Fact]
    public void BoundsFromASketchAreTheOrderStatisticsAroundTheQuantile()
    {
        var values = QuantileSketchTests.LogNormal(new Random(1), 20_000, Math.Log(100), 1);
        var sketch = new QuantileSketch();
        foreach (var v in values) sketch.Add(v);
        var sorted = values.Order().ToArray();

        var arm = QuantileArm.FromSketch(sketch, 0.95);

        var spread = QuantileArm.Z * Math.Sqrt(0.95 * 0.05 / values.Length);
        Assert.Equal(values.Length, arm.N);
        Assert.Equal(sorted[(int)Math.Floor(0.95 * (values.Length - 1))], arm.Estimate, sorted[^1] * 0.01);
        Assert.InRange(arm.Lower, sorted[(int)Math.Floor((0.95 - spread) * (values.Length - 1))] * 0.99, arm.Estimate);
        Assert.InRange(arm.Upper, arm.Estimate, sorted[(int)Math.Floor((0.95 + spread) * (values.Length - 1))] * 1.01);
    }

    [Fact]
    public void AP95LiftIsFoundWithAnIntervalAroundIt()
    {
        var random = new Random(2);
        var control = Sketch(QuantileSketchTests.LogNormal(random, 30_000, Math.Log(100), 0.8));
        var treatment = Sketch(QuantileSketchTests.LogNormal(random, 30_000, Math.Log(110), 0.8));

        var result = QuantileComparison.Compare(control, treatment, 0.95, TestMethod.Fixed, lowerIsBetter: true, ComparisonOptions.Default);

        Assert.InRange(0.10, result.Lower, result.Upper);
        Assert.True(result.Lower > 0, $"interval [{result.Lower}, {result.Upper}]");
        Assert.Equal(Verdict.Worse, Verdicts.Of(result, higherIsBetter: false, 0.05));
    }

    [Fact]
    public void IntervalsFromSketchesCoverNoChangeAboutNinetyFivePercentOfTheTime()
    {
        var random = new Random(3);
        var covered = 0;
        const int Trials = 300;
        for (var t = 0; t < Trials; t++)
        {
            var a = Sketch(QuantileSketchTests.LogNormal(random, 2_000, 0, 1));
            var b = Sketch(QuantileSketchTests.LogNormal(random, 2_000, 0, 1));
            var result = QuantileComparison.Compare(a, b, 0.9, TestMethod.Fixed, false, new ComparisonOptions(Type: DifferenceType.Absolute));
            if (result.Lower <= 0 && result.Upper >= 0) covered++;
        }

        Assert.InRange(covered / (double)Trials, 0.91, 0.99);
    }

    [Fact]
    public void ClusteredEventsWidenTheVariance()
    {
        // Users whose events are all alike: each user's indicator is 0 or 1 for all their 10 events.
        var indicator = default(UnitSums);
        for (var u = 0; u < 1_000; u++) indicator.AddUnit(u % 10 == 0 ? 0 : 10, 10);
        var arm = new QuantileArm(10_000, 10_000, 0.9, 7, 6.9, 7.1);

        var clustered = arm.ToClusteredEstimate(indicator);

        // Var_cluster(Ī) = 0.09/999 (sample variance over 1,000 users) against Var_iid(Ī) = 0.09/10,000.
        Assert.Equal(arm.Variance * 10_000 / 999, clustered.Variance, 6);
        Assert.Equal(0, arm.ToClusteredEstimate(default).Variance);
    }

    private static QuantileSketch Sketch(double[] values)
    {
        var sketch = new QuantileSketch();
        foreach (var v in values) sketch.Add(v);
        return sketch;
    }
}
