using TSMetrics.Statistics;
using TSMetrics.Statistics.Units;

namespace TSMetrics.Tests.Statistics;

/// <summary>
/// GrowthBook's published vectors for ratio metrics, reproduced from unit sums (gbstats at commit 8f1db44:
/// packages/stats/tests/test_gbstats.py RATIO_STATISTICS_DF and ZERO_DENOM_RATIO_STATISTICS_DF,
/// packages/stats/tests/test_shared_models.py TestRatioStatistic).
/// </summary>
public sealed class UnitStatisticsVectorTests
{
    // main_* are x (a unit's sum), denominator_* are y (its points).
    private static readonly UnitSums Zero = Sums(100, 270, 848.79, 510, 810, -900);
    private static readonly UnitSums One = Sums(120, 300, 869, 500, 800, -905);

    [Fact]
    public void RatioMeansAreSumOverSum()
    {
        Assert.Equal(0.529411765, Zero.Estimate(UnitMetricKind.Mean).Mean, 9);
        Assert.Equal(0.6, One.Estimate(UnitMetricKind.Mean).Mean, 9);
    }

    [Fact]
    public void FrequentistRatioVector()
    {
        var result = WelchTest.Compare(Zero.Estimate(UnitMetricKind.Mean), One.Estimate(UnitMetricKind.Mean), ComparisonOptions.Default);

        Assert.Equal(0.133333333, result.Lift, 9);
        Assert.Equal(0.610663339, result.PValue!.Value, 9);
    }

    [Fact]
    public void BayesianRatioVector()
    {
        var result = BayesianTest.Compare(Zero.Estimate(UnitMetricKind.Mean), One.Estimate(UnitMetricKind.Mean), lowerIsBetter: false, ComparisonOptions.Default);

        Assert.Equal(0.133333333, result.Lift, 9);
        Assert.Equal(0.694926359, result.ChanceToWin!.Value, 9);
        Assert.Equal(0.050934045, result.RiskTreatment!.Value, 9);
    }

    [Fact]
    public void ZeroDenominatorRatioIsUninformative()
    {
        var zeroDenominator = Sums(100, 270, 848.79, 0, 0, 0);

        var bayesian = BayesianTest.Compare(zeroDenominator.Estimate(UnitMetricKind.Mean), One.Estimate(UnitMetricKind.Mean), false, ComparisonOptions.Default);
        var frequentist = WelchTest.Compare(zeroDenominator.Estimate(UnitMetricKind.Mean), One.Estimate(UnitMetricKind.Mean), ComparisonOptions.Default);

        Assert.Equal(0, zeroDenominator.Estimate(UnitMetricKind.Mean).Mean);
        Assert.Equal((0.0, 0.5, 0.0), (bayesian.Lift, bayesian.ChanceToWin!.Value, bayesian.RiskTreatment!.Value));
        Assert.Equal((0.0, 1.0), (frequentist.Lift, frequentist.PValue!.Value));
    }

    [Fact]
    public void RatioCovarianceIsTheSampleCovariance()
    {
        // test_shared_models.py: METRIC_1 against METRIC_3 equals np.cov(METRIC_1, METRIC_3)[0, 1].
        double[] m = [0.3, 0.5, 0.9, 22];
        double[] d = [2, 1, 5, 3];
        var products = m.Zip(d, (a, b) => a * b).Sum();

        // Deviations from the means 5.925 and 2.75: (−5.625·−0.75 − 5.425·−1.75 − 5.025·2.25 + 16.075·0.25)/3.
        Assert.Equal(6.425 / 3, DeltaMethod.Covariance(4, m.Sum(), d.Sum(), products), 12);
    }

    [Fact]
    public void VarianceOfRatiosIsTheDeltaMethod()
    {
        // σ²m/μd² + σ²d·μm²/μd⁴ − 2·cov·μm/μd³ with μm = 2, σ²m = 3, μd = 4, σ²d = 5, cov = 1.5:
        // 3/16 + 5·4/256 − 2·1.5·2/64 = 0.1875 + 0.078125 − 0.09375.
        Assert.Equal(0.171875, DeltaMethod.VarianceOfRatios(2, 3, 4, 5, 1.5), 12);
        Assert.Equal(0, DeltaMethod.VarianceOfRatios(2, 3, 0, 5, 1.5));
    }

    [Fact]
    public void OneUnitOrZeroDenominatorHasNoVariance()
    {
        var single = default(UnitSums);
        single.AddUnit(3, 2);

        Assert.Equal(0, single.Estimate(UnitMetricKind.Mean).Variance);
        Assert.Equal(0, single.Estimate(UnitMetricKind.Sum).Variance);
        Assert.Equal(0, Sums(4, 27.7, 486.35, 0, 39, 0).Estimate(UnitMetricKind.Mean).Variance);
    }

    internal static UnitSums Sums(long n, double sumX, double sumXSquared, double sumY, double sumYSquared, double sumXY) => new()
    {
        Units = n, SumX = sumX, SumXSquared = sumXSquared, SumY = sumY, SumYSquared = sumYSquared, SumXY = sumXY,
    };
}
