using TSMetrics.Statistics;

namespace TSMetrics.Tests.Statistics;

/// <summary>GrowthBook's published test vectors (gbstats tests), reproduced to 5 decimals.</summary>
public sealed class GrowthBookVectorTests
{
    private static readonly ArmSample MeanA = ArmSample.FromSums(3407, 1396.87, 52377.9767);
    private static readonly ArmSample MeanB = ArmSample.FromSums(3461, 2422.7, 134698.29);

    [Fact]
    public void WelchRelativeLiftOfMeans()
    {
        var result = WelchTest.Compare(MeanA, MeanB, proportion: false, new ComparisonOptions());

        Assert.Equal(0.70732, result.Lift, 5);
        Assert.Equal(-0.03526, result.Lower, 5);
        Assert.Equal(1.44989, result.Upper, 5);
        Assert.Equal(0.37879, result.StandardError, 5);
        Assert.Equal(0.06191, result.PValue!.Value, 5);
    }

    [Fact]
    public void WelchAbsoluteLiftOfMeans()
    {
        var result = WelchTest.Compare(MeanA, MeanB, proportion: false, new ComparisonOptions(Type: DifferenceType.Absolute));

        Assert.Equal(0.29, result.Lift, 5);
        Assert.Equal(0.04538, result.Lower, 5);
        Assert.Equal(0.53462, result.Upper, 5);
        Assert.Equal(0.12478, result.StandardError, 5);
        Assert.Equal(0.02016, result.PValue!.Value, 5);
    }

    [Fact]
    public void WelchRelativeLiftOfProportions()
    {
        var result = WelchTest.Compare(Proportion(14, 28), Proportion(16, 30), proportion: true, new ComparisonOptions());

        Assert.Equal(0.06667, result.Lift, 5);
        Assert.Equal(-0.47767, result.Lower, 5);
        Assert.Equal(0.61101, result.Upper, 5);
        Assert.Equal(0.2717, result.StandardError, 4);
        Assert.Equal(0.80707, result.PValue!.Value, 5);
    }

    [Fact]
    public void BayesianFlatPriorOnProportions()
    {
        var result = BayesianTest.Compare(Proportion(49, 100), Proportion(51, 100), proportion: true, lowerIsBetter: false, new ComparisonOptions());

        Assert.Equal(0.04082, result.Lift, 5);
        Assert.Equal(-0.24779, result.Lower, 5);
        Assert.Equal(0.32943, result.Upper, 5);
        Assert.Equal(0.60918, result.ChanceToWin!.Value, 5);
        Assert.Equal(0.0814, result.RiskControl!.Value, 4);
        Assert.Equal(0.04058, result.RiskTreatment!.Value, 5);
    }

    [Fact]
    public void BayesianFlatPriorOnMeans()
    {
        var result = BayesianTest.Compare(ArmSample.FromSums(10, 100, 1002.25), ArmSample.FromSums(10, 105, 1111.5), proportion: false, lowerIsBetter: false, new ComparisonOptions());

        Assert.Equal(0.05, result.Lift, 5);
        Assert.Equal(-0.02, result.Lower, 5);
        Assert.Equal(0.12, result.Upper, 5);
        Assert.Equal(0.91923, result.ChanceToWin!.Value, 5);
        Assert.Equal(0.05131, result.RiskControl!.Value, 5);
        Assert.Equal(0.00131, result.RiskTreatment!.Value, 5);
    }

    [Fact]
    public void HolmAdjustedPValuesInInputOrder()
    {
        var adjusted = MultipleComparisons.Holm([0.01, 0.04, 0.03, 0.005, 0.55, 0.6]);

        Assert.Equal([0.05, 0.12, 0.12, 0.03, 1, 1], adjusted.Select(p => Math.Round(p, 5)));
    }

    internal static ArmSample Proportion(long successes, long n) => ArmSample.FromSums(n, successes, successes);
}

/// <summary>More vectors from GrowthBook's test files (packages/stats/tests, packages/shared/test), commit 8f1db44.</summary>
public sealed class GrowthBookMoreVectorTests
{
    private static readonly ArmSample A3000 = ArmSample.FromSums(3000, 1396.87, 52377.9767);
    private static readonly ArmSample B3461 = ArmSample.FromSums(3461, 2422.7, 134698.29);

    [Fact]
    public void SequentialRelativeMeansWithTuning1000()
    {
        var result = SequentialTest.Compare(A3000, B3461, false, new ComparisonOptions(SequentialTuning: 1000));

        Assert.Equal(0.50336, result.Lift, 5);
        Assert.Equal(-0.55844, result.Lower, 5);
        Assert.Equal(1.56516, result.Upper, 5);
        Assert.Equal(0.33341, result.StandardError, 5);
        Assert.Equal(1, result.PValue!.Value, 5);
    }

    [Fact]
    public void SequentialRelativeProportionsWithDefaultTuning()
    {
        var result = SequentialTest.Compare(GrowthBookVectorTests.Proportion(1396, 3000), GrowthBookVectorTests.Proportion(2422, 3461), true, new ComparisonOptions());

        Assert.Equal(0.50386, result.Lift, 5);
        Assert.Equal(0.40098, result.Lower, 5);
        Assert.Equal(0.60675, result.Upper, 5);
        Assert.Equal(0.03386, result.StandardError, 5);
        Assert.Equal(0, result.PValue!.Value, 5);
    }

    [Fact]
    public void SequentialAndFixedOnTheAnalyzeMetricVector()
    {
        var zero = ArmSample.FromSums(100, 270, 848.79);
        var one = ArmSample.FromSums(120, 300, 869);

        var sequential = SequentialTest.Compare(zero, one, false, new ComparisonOptions(SequentialTuning: 600));
        var fixedHorizon = WelchTest.Compare(zero, one, false, new ComparisonOptions());

        Assert.Equal(-0.074074074, sequential.Lift, 9);
        Assert.Equal(0.892332229, sequential.PValue!.Value, 9);
        Assert.Equal(-0.233322085, sequential.Lower, 9);
        Assert.Equal(0.145219005, fixedHorizon.PValue!.Value, 9);
    }

    [Fact]
    public void BayesianWithAProperPrior()
    {
        // GrowthBook states the prior as a variance (0.1); ours takes the standard deviation.
        var options = new ComparisonOptions(Prior: new NormalPrior(0.1, Math.Sqrt(0.1)));
        var result = BayesianTest.Compare(ArmSample.FromSums(10, 100, 1002.25), ArmSample.FromSums(10, 105, 1111.5), false, false, options);

        Assert.Equal(0.05063, result.Lift, 5);
        Assert.Equal(-0.01893, result.Lower, 5);
        Assert.Equal(0.12019, result.Upper, 5);
        Assert.Equal(0.03549, result.StandardError, 5);
        Assert.Equal(0.92315, result.ChanceToWin!.Value, 5);
        Assert.Equal(0.05186, result.RiskControl!.Value, 5);
        Assert.Equal(0.00123, result.RiskTreatment!.Value, 5);
    }

    [Fact]
    public void ExpectedLossVectors()
    {
        var (control, treatment) = BayesianTest.ExpectedLoss(0.1, 0.05);
        Assert.Equal(0.1004245351308, control, 10);
        Assert.Equal(0.0004245351308414, treatment, 10);

        Assert.Equal((0.01, 0.0), BayesianTest.ExpectedLoss(0.01, 4.5e-9));
        Assert.Equal((0.0, 0.01), BayesianTest.ExpectedLoss(-0.01, 4.5e-9));
    }

    [Theory]
    [InlineData(new long[] { 1000, 1200 }, null, 0.000020079, 9)]
    [InlineData(new long[] { 1025, 950 }, null, 0.09148192105687125, 12)]
    [InlineData(new long[] { 1000, 1000, 50 }, new[] { 0.5, 0.5, 0 }, 0.5434834098395639, 12)]
    public void SampleRatioMismatchVectors(long[] observed, double[]? weights, double expected, int decimals) =>
        Assert.Equal(expected, SampleRatioMismatch.PValue(observed, weights), decimals);

    [Fact]
    public void BenjaminiHochbergVector()
    {
        var adjusted = MultipleComparisons.BenjaminiHochberg([0.898, 0.138, 0.007, 0.964, 0.538, 0.006, 0.138]);

        Assert.Equal([0.964, 0.2415, 0.0245, 0.964, 0.7532, 0.0245, 0.2415], adjusted.Select(p => Math.Round(p, 8)));
    }

    [Fact]
    public void TwoComparisonFamily()
    {
        Assert.Equal([0.05, 0.05], MultipleComparisons.Holm([0.025, 0.03]).Select(p => Math.Round(p, 8)));
        Assert.Equal([0.03, 0.03], MultipleComparisons.BenjaminiHochberg([0.025, 0.03]).Select(p => Math.Round(p, 8)));
    }

    [Fact]
    public void MissingVarianceAndOneUserArmsAreUninformative()
    {
        var twoUsers = WelchTest.Compare(ArmSample.FromSums(2, 1396.87, 52377.9767), B3461, false, new ComparisonOptions());
        var oneUser = WelchTest.Compare(ArmSample.FromSums(3, 20, 443), ArmSample.FromSums(1, 1, 1), false, new ComparisonOptions());

        Assert.Equal((0.0, 1.0, 0.0, 0.0), (twoUsers.Lift, twoUsers.PValue!.Value, twoUsers.Lower, twoUsers.Upper));
        Assert.Equal((0.0, 1.0), (oneUser.Lift, oneUser.PValue!.Value));
    }
}
