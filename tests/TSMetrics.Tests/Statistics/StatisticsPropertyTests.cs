using TSMetrics.Statistics;

namespace TSMetrics.Tests.Statistics;

public sealed class StatisticsPropertyTests
{
    private static readonly ArmSample Control = ArmSample.FromSums(3407, 1396.87, 52377.9767);
    private static readonly ArmSample Treatment = ArmSample.FromSums(3461, 2422.7, 134698.29);

    [Theory]
    [InlineData(TestMethod.Fixed)]
    [InlineData(TestMethod.Sequential)]
    [InlineData(TestMethod.Bayesian)]
    public void SwappingArmsFlipsTheSignOfAnAbsoluteLiftAndKeepsItsUncertainty(TestMethod method)
    {
        var options = new ComparisonOptions(Type: DifferenceType.Absolute);
        var forward = Compare(method, Control, Treatment, options);
        var backward = Compare(method, Treatment, Control, options);

        Assert.Equal(forward.Lift, -backward.Lift, 12);
        Assert.Equal(forward.StandardError, backward.StandardError, 12);
        Assert.Equal(forward.Upper - forward.Lift, backward.Upper - backward.Lift, 9);
        if (forward.PValue is { } p) Assert.Equal(p, backward.PValue!.Value, 12);
    }

    [Fact]
    public void MergingTwoWindowsGivesTheSameComparisonAsTheirUnion()
    {
        var rng = new Random(3);
        var a = Enumerable.Range(0, 2_000).Select(_ => 100 + 20 * rng.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 2_000).Select(_ => 103 + 20 * rng.NextDouble()).ToArray();

        var whole = WelchTest.Compare(Sample(a), Sample(b), false, ComparisonOptions.Default);
        var merged = WelchTest.Compare(Merge(Sample(a[..700]), Sample(a[700..])), Merge(Sample(b[..1_300]), Sample(b[1_300..])), false, ComparisonOptions.Default);

        Assert.Equal(whole.Lift, merged.Lift, 10);
        Assert.Equal(whole.StandardError, merged.StandardError, 10);
        Assert.Equal(whole.PValue!.Value, merged.PValue!.Value, 9);
    }

    [Fact]
    public void SequentialIntervalsAreWiderThanFixedOnesAndTheirPValuesLarger()
    {
        var fixedResult = WelchTest.Compare(Control, Treatment, false, ComparisonOptions.Default);
        var sequential = SequentialTest.Compare(Control, Treatment, false, ComparisonOptions.Default);

        Assert.Equal(fixedResult.Lift, sequential.Lift, 12);
        Assert.True(sequential.Upper - sequential.Lower > fixedResult.Upper - fixedResult.Lower);
        Assert.True(sequential.PValue > fixedResult.PValue);
    }

    [Fact]
    public void SequentialPValueReachesZeroWithoutOverflowOnHugeEffects()
    {
        var result = SequentialTest.Compare(ArmSample.FromSums(1_000_000, 1_000_000 * 10.0, 1_000_000 * 101.0), ArmSample.FromSums(1_000_000, 1_000_000 * 20.0, 1_000_000 * 401.0), false, ComparisonOptions.Default);

        Assert.Equal(0, result.PValue);
        Assert.True(result.Lower > 0);
    }

    [Fact]
    public void AHigherAlphaGivesANarrowerInterval()
    {
        var strict = WelchTest.Compare(Control, Treatment, false, new ComparisonOptions(Alpha: 0.01));
        var loose = WelchTest.Compare(Control, Treatment, false, new ComparisonOptions(Alpha: 0.10));

        Assert.True(loose.Upper - loose.Lower < strict.Upper - strict.Lower);
        Assert.Equal(strict.PValue!.Value, loose.PValue!.Value, 12);
    }

    [Theory]
    [InlineData(1, 1, 5.0, 5.0, "not enough data")]
    [InlineData(50, 50, 0.0, 0.0, "zero variance")]
    public void GuardsReturnAnExplicitUninformativeResultInsteadOfNaN(long nA, long nB, double spreadA, double spreadB, string reason)
    {
        var control = new ArmSample(nA, nA * 10.0, spreadA);
        var treatment = new ArmSample(nB, nB * 11.0, spreadB);

        foreach (var method in Enum.GetValues<TestMethod>())
        {
            var result = Compare(method, control, treatment, ComparisonOptions.Default);
            Assert.False(result.IsInformative);
            Assert.Contains(reason, result.Uninformative);
            Assert.False(double.IsNaN(result.Lift) || double.IsNaN(result.Lower) || double.IsNaN(result.Upper));
            Assert.Equal(Verdict.NotEnoughData, Verdicts.Of(result, true, 0.05));
        }
    }

    [Fact]
    public void AZeroControlMeanHasNoRelativeLiftButHasAnAbsoluteOne()
    {
        var control = new ArmSample(100, 0, 50);
        var treatment = new ArmSample(100, 30, 50);

        Assert.Contains("control mean is zero", WelchTest.Compare(control, treatment, false, ComparisonOptions.Default).Uninformative);
        Assert.True(WelchTest.Compare(control, treatment, false, new ComparisonOptions(Type: DifferenceType.Absolute)).IsInformative);
    }

    [Fact]
    public void VerdictsRespectTheMetricsDirection()
    {
        var up = WelchTest.Compare(ArmSample.FromSums(10_000, 1_000_000, 101_000_000), ArmSample.FromSums(10_000, 1_100_000, 122_000_000), false, ComparisonOptions.Default);
        var flat = WelchTest.Compare(Control, Control, false, ComparisonOptions.Default);

        Assert.Equal(Verdict.Better, Verdicts.Of(up, higherIsBetter: true, 0.05));
        Assert.Equal(Verdict.Worse, Verdicts.Of(up, higherIsBetter: false, 0.05));
        Assert.Equal(Verdict.Increased, Verdicts.Of(up, higherIsBetter: null, 0.05));
        Assert.Equal(Verdict.Inconclusive, Verdicts.Of(flat, higherIsBetter: true, 0.05));
        Assert.Equal(Verdict.Inconclusive, Verdicts.Of(up, higherIsBetter: true, 0.05, adjustedPValue: 0.2));
    }

    [Fact]
    public void BayesianChanceToWinFollowsTheDirection()
    {
        var higher = BayesianTest.Compare(ArmSample.FromSums(10, 100, 1002.25), ArmSample.FromSums(10, 105, 1111.5), false, lowerIsBetter: false, ComparisonOptions.Default);
        var lower = BayesianTest.Compare(ArmSample.FromSums(10, 100, 1002.25), ArmSample.FromSums(10, 105, 1111.5), false, lowerIsBetter: true, ComparisonOptions.Default);

        Assert.Equal(1, higher.ChanceToWin!.Value + lower.ChanceToWin!.Value, 12);
        Assert.Equal(higher.RiskControl, lower.RiskTreatment);
    }

    [Fact]
    public void AProperPriorPullsTheLiftTowardsItsMean()
    {
        var flat = BayesianTest.Compare(ArmSample.FromSums(10, 100, 1002.25), ArmSample.FromSums(10, 105, 1111.5), false, false, ComparisonOptions.Default);
        var shrunk = BayesianTest.Compare(ArmSample.FromSums(10, 100, 1002.25), ArmSample.FromSums(10, 105, 1111.5), false, false, new ComparisonOptions(Prior: new NormalPrior(0, 0.03)));

        Assert.InRange(shrunk.Lift, 0, flat.Lift);
        Assert.True(shrunk.Upper - shrunk.Lower < flat.Upper - flat.Lower);
        // Posterior precision 1/SE² + 1/σ0²: SE² = 0.001275625, σ0² = 0.0009.
        var precision = 1 / 0.001275625 + 1 / 0.0009;
        Assert.Equal(0.05 / 0.001275625 / precision, shrunk.Lift, 9);
    }

    [Fact]
    public void SampleRatioMismatchIsFlaggedOnlyForARealImbalance()
    {
        Assert.Equal(1, SampleRatioMismatch.PValue([5_000, 5_000]), 9);
        Assert.True(SampleRatioMismatch.PValue([5_000, 5_200]) is > 0.001 and < 0.05);
        Assert.True(SampleRatioMismatch.PValue([5_000, 5_600]) < SampleRatioMismatch.Threshold);
        Assert.Equal(1, SampleRatioMismatch.PValue([2_000, 8_000], [0.2, 0.8]), 9);
        Assert.Equal(1, SampleRatioMismatch.PValue([0, 0]));
        // χ² = (450-500)²/500 + (550-500)²/500 = 10, one degree of freedom.
        Assert.Equal(0.0015654, SampleRatioMismatch.PValue([450, 550]), 6);
    }

    [Fact]
    public void BenjaminiHochbergAdjustsInInputOrder()
    {
        var adjusted = MultipleComparisons.BenjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.55, 0.6]);

        // Ascending 0.005, 0.01, 0.03, 0.04, 0.55, 0.6 -> p·6/rank = 0.03, 0.03, 0.06, 0.06, 0.66, 0.6 -> running min from the top.
        Assert.Equal([0.03, 0.06, 0.06, 0.03, 0.6, 0.6], adjusted.Select(p => Math.Round(p, 5)));
    }

    private static ComparisonResult Compare(TestMethod method, ArmSample control, ArmSample treatment, ComparisonOptions options) => method switch
    {
        TestMethod.Fixed => WelchTest.Compare(control, treatment, false, options),
        TestMethod.Sequential => SequentialTest.Compare(control, treatment, false, options),
        _ => BayesianTest.Compare(control, treatment, false, false, options),
    };

    private static ArmSample Sample(double[] values)
    {
        var mean = values.Average();
        return new ArmSample(values.Length, values.Sum(), values.Sum(v => (v - mean) * (v - mean)));
    }

    private static ArmSample Merge(ArmSample left, ArmSample right)
    {
        var total = left.Count + right.Count;
        var delta = right.Mean - left.Mean;
        return new ArmSample(total, left.Sum + right.Sum, left.SumOfSquaredDeviations + right.SumOfSquaredDeviations + delta * delta * left.Count * right.Count / total);
    }
}
