using TSMetrics.Statistics;
using TSMetrics.Statistics.Quantiles;
using TSMetrics.Statistics.Units;

namespace TSMetrics.Tests.Statistics;

/// <summary>
/// Cases GrowthBook's test files do not cover, with expected values computed by running gbstats at commit
/// 8f1db44 (packages/stats/gbstats: SequentialTwoSidedTTest, TwoSidedTTest on RatioStatistic,
/// QuantileStatistic and QuantileClusteredStatistic) on the inputs below.
/// </summary>
public sealed class GrowthBookComputedVectorTests
{
    private static readonly ArmEstimate RatioZero = UnitStatisticsVectorTests.Sums(100, 270, 848.79, 510, 810, -900).Estimate(UnitMetricKind.Mean);
    private static readonly ArmEstimate RatioOne = UnitStatisticsVectorTests.Sums(120, 300, 869, 500, 800, -905).Estimate(UnitMetricKind.Mean);

    [Fact]
    public void RatioPerUnitVariances()
    {
        Assert.Equal(0.7878692336373639, RatioZero.Variance, 12);
        Assert.Equal(1.0856873949579828, RatioOne.Variance, 12);
    }

    [Theory]
    [InlineData(5000, -1.1559522350246116, 1.4226189016912782)]
    [InlineData(600, -0.6887563635555491, 0.9554230302222158)]
    public void SequentialRatio(double tuning, double lower, double upper)
    {
        var result = SequentialTest.Compare(RatioZero, RatioOne, new ComparisonOptions(SequentialTuning: tuning));

        Assert.Equal(0.13333333333333328, result.Lift, 12);
        Assert.Equal(lower, result.Lower, 9);
        Assert.Equal(upper, result.Upper, 9);
        Assert.Equal(0.2615080376577792, result.StandardError, 12);
        Assert.Equal(1, result.PValue!.Value, 12);
    }

    [Fact]
    public void FrequentistRatioIntervals()
    {
        var relative = WelchTest.Compare(RatioZero, RatioOne, ComparisonOptions.Default);
        var absolute = WelchTest.Compare(RatioZero, RatioOne, new ComparisonOptions(Type: DifferenceType.Absolute));

        Assert.Equal(-0.38207581731480755, relative.Lower, 9);
        Assert.Equal(0.6487424839814742, relative.Upper, 9);
        Assert.Equal(0.07058823529411762, absolute.Lift, 12);
        Assert.Equal(-0.18582791239249302, absolute.Lower, 9);
        Assert.Equal(0.32700438298072826, absolute.Upper, 9);
        Assert.Equal(0.5879819187642767, absolute.PValue!.Value, 9);
    }

    [Fact]
    public void BayesianRatioInterval()
    {
        var result = BayesianTest.Compare(RatioZero, RatioOne, false, ComparisonOptions.Default);

        Assert.Equal(-0.3792130021436583, result.Lower, 9);
        Assert.Equal(0.6458796688103247, result.Upper, 9);
        Assert.Equal(0.184267378514554, result.RiskControl!.Value, 9);
    }

    [Fact]
    public void FrequentistQuantile()
    {
        var control = new QuantileArm(11054, 11054, 0.9, 7.157987489967789, 7.098780136176828, 7.217194843758751).ToEstimate();
        var treatment = new QuantileArm(10861, 10861, 0.9, 7.694499927525767, 7.64180598628119, 7.747193868770344).ToEstimate();

        var relative = WelchTest.Compare(control, treatment, ComparisonOptions.Default);
        var absolute = WelchTest.Compare(control, treatment, new ComparisonOptions(Type: DifferenceType.Absolute));

        Assert.Equal(0.07495297222996289, relative.Lift, 12);
        Assert.Equal(0.06340941348955016, relative.Lower, 9);
        Assert.Equal(0.08649653097037562, relative.Upper, 9);
        Assert.Equal(0.5365124375579775, absolute.Lift, 12);
        Assert.Equal(0.45725153061125173, absolute.Lower, 9);
        Assert.Equal(0.6157733445047033, absolute.Upper, 9);
    }

    [Fact]
    public void ClusteredQuantile()
    {
        // QuantileClusteredStatistic: main_* are the per-user counts of events at or below the quantile, denominator_* the events.
        var control = new QuantileArm(6000, 6000, 0.9, 7.0, 6.9, 7.1).ToClusteredEstimate(UnitStatisticsVectorTests.Sums(1000, 5400, 41000, 6000, 48000, 44000));
        var treatment = new QuantileArm(6100, 4800, 0.9, 7.3, 7.15, 7.42).ToClusteredEstimate(UnitStatisticsVectorTests.Sums(1010, 5480, 42000, 6100, 49500, 45200));

        var result = WelchTest.Compare(control, treatment, ComparisonOptions.Default);

        Assert.Equal(19.684860641261317, control.Variance, 9);
        Assert.Equal(30.607114329500885, treatment.Variance, 9);
        Assert.Equal(0.04285714285714283, result.Lift, 12);
        Assert.Equal(0.016910522977336563, result.Lower, 9);
        Assert.Equal(0.0688037627369491, result.Upper, 9);
        Assert.Equal(0.0012083807245257816, result.PValue!.Value, 9);
    }
}
