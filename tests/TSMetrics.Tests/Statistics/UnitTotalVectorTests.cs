using TSMetrics.Statistics;
using TSMetrics.Statistics.Units;

namespace TSMetrics.Tests.Statistics;

/// <summary>
/// The per-user total kinds (sum and count) are GrowthBook's SampleMeanStatistic over units: its published
/// vectors (gbstats at commit 8f1db44: packages/stats/tests/frequentist/test_tests.py TestTwoSidedTTest,
/// TestSequentialTTest; bayesian/test_tests.py TestNorm), reproduced from unit sums to 5 decimals. A sum
/// reads n, Σx and Σx² (x a user's total value); a count the same moments of y (a user's points).
/// </summary>
public sealed class UnitTotalVectorTests
{
    public static TheoryData<UnitMetricKind> Kinds => new() { UnitMetricKind.Sum, UnitMetricKind.Count };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void WelchRelativeLiftOfUsersTotals(UnitMetricKind kind)
    {
        var result = WelchTest.Compare(Totals(kind, 3407, 1396.87, 52377.9767), Totals(kind, 3461, 2422.7, 134698.29), ComparisonOptions.Default);

        Assert.Equal(0.70732, result.Lift, 5);
        Assert.Equal(-0.03526, result.Lower, 5);
        Assert.Equal(1.44989, result.Upper, 5);
        Assert.Equal(0.37879, result.StandardError, 5);
        Assert.Equal(0.06191, result.PValue!.Value, 5);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void WelchAbsoluteLiftOfUsersTotals(UnitMetricKind kind)
    {
        var result = WelchTest.Compare(Totals(kind, 3407, 1396.87, 52377.9767), Totals(kind, 3461, 2422.7, 134698.29), new ComparisonOptions(Type: DifferenceType.Absolute));

        Assert.Equal(0.29, result.Lift, 5);
        Assert.Equal(0.04538, result.Lower, 5);
        Assert.Equal(0.53462, result.Upper, 5);
        Assert.Equal(0.12478, result.StandardError, 5);
        Assert.Equal(0.02016, result.PValue!.Value, 5);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SequentialWithTuning1000(UnitMetricKind kind)
    {
        var result = SequentialTest.Compare(Totals(kind, 3000, 1396.87, 52377.9767), Totals(kind, 3461, 2422.7, 134698.29), new ComparisonOptions(SequentialTuning: 1000));

        Assert.Equal(0.50336, result.Lift, 5);
        Assert.Equal(-0.55844, result.Lower, 5);
        Assert.Equal(1.56516, result.Upper, 5);
        Assert.Equal(0.33341, result.StandardError, 5);
        Assert.Equal(1, result.PValue!.Value, 5);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void BayesianFlatPrior(UnitMetricKind kind)
    {
        var result = BayesianTest.Compare(Totals(kind, 10, 100, 1002.25), Totals(kind, 10, 105, 1111.5), lowerIsBetter: false, ComparisonOptions.Default);

        Assert.Equal(0.05, result.Lift, 5);
        Assert.Equal(-0.02, result.Lower, 5);
        Assert.Equal(0.12, result.Upper, 5);
        Assert.Equal(0.03572, result.StandardError, 5);
        Assert.Equal(0.91923, result.ChanceToWin!.Value, 5);
        Assert.Equal(0.05131, result.RiskControl!.Value, 5);
        Assert.Equal(0.00131, result.RiskTreatment!.Value, 5);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void BayesianProperPrior(UnitMetricKind kind)
    {
        // GrowthBook states the prior as a variance (0.1); ours takes the standard deviation.
        var options = new ComparisonOptions(Prior: new NormalPrior(0.1, Math.Sqrt(0.1)));
        var result = BayesianTest.Compare(Totals(kind, 10, 100, 1002.25), Totals(kind, 10, 105, 1111.5), false, options);

        Assert.Equal(0.05063, result.Lift, 5);
        Assert.Equal(-0.01893, result.Lower, 5);
        Assert.Equal(0.12019, result.Upper, 5);
        Assert.Equal(0.03549, result.StandardError, 5);
        Assert.Equal(0.92315, result.ChanceToWin!.Value, 5);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ANegativeVarianceIsRefusedAsGrowthBookDoes(UnitMetricKind kind)
    {
        // test_two_sided_ttest_missing_variance: n = 2 with these sums has Σx² < (Σx)²/n.
        var result = WelchTest.Compare(Totals(kind, 2, 1396.87, 52377.9767), Totals(kind, 3461, 2422.7, 134698.29), ComparisonOptions.Default);

        Assert.False(result.IsInformative);
        Assert.Equal((0.0, 1.0), (result.Lift, result.PValue!.Value));
        Assert.Contains("variance", result.Uninformative);
    }

    // A kind's moments go where it reads them; the other moments hold something else, to show they are unused.
    private static ArmEstimate Totals(UnitMetricKind kind, long n, double sum, double sumOfSquares) => (kind == UnitMetricKind.Sum
        ? new UnitSums { Units = n, SumX = sum, SumXSquared = sumOfSquares, SumY = 7 * n, SumYSquared = 50 * n, SumXY = 1 }
        : new UnitSums { Units = n, SumY = sum, SumYSquared = sumOfSquares, SumX = -3 * n, SumXSquared = 10 * n, SumXY = 1 }).Estimate(kind);
}
