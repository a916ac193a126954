using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Tests.Unit;

public sealed class SummaryStatsTests
{
    [Fact]
    public void AddingValuesGivesExactCountSumMeanVarianceMinAndMax()
    {
        var stats = Of(2, 4, 4, 4, 5, 5, 7, 9);

        Assert.Equal(8, stats.Count);
        Assert.Equal(40, stats.Sum);
        Assert.Equal(5, stats.Mean);
        Assert.Equal(32.0 / 7, stats.Variance, 12);
        Assert.Equal(2, stats.Min);
        Assert.Equal(9, stats.Max);
        Assert.Equal(232, stats.SumOfSquares, 9);
    }

    [Fact]
    public void MergingTwoHalvesEqualsComputingOverTheUnion()
    {
        var rng = new Random(7);
        var values = Enumerable.Range(0, 1_000).Select(_ => rng.NextDouble() * 100).ToArray();

        var merged = Of(values[..371]);
        merged.Merge(Of(values[371..]));
        var whole = Of(values);

        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole.Sum, merged.Sum, 9);
        Assert.Equal(whole.Variance, merged.Variance, 9);
        Assert.Equal(whole.Min, merged.Min);
        Assert.Equal(whole.Max, merged.Max);
    }

    [Fact]
    public void MergingIntoOrFromEmptyKeepsTheOtherSide()
    {
        var stats = Of(1, 2, 3);
        var empty = new SummaryStats();

        Assert.Equal(stats, SummaryStats.Combine(empty, stats));
        Assert.Equal(stats, SummaryStats.Combine(stats, empty));
    }

    [Fact]
    public void VarianceStaysAccurateWhenTheMeanIsHugeComparedToTheSpread()
    {
        // Values 1e9 + {4, 7, 13, 16}: a naive sum-of-squares variance loses every digit here.
        var stats = Of(1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16);
        var split = Of(1e9 + 4, 1e9 + 7);
        split.Merge(Of(1e9 + 13, 1e9 + 16));

        Assert.Equal(30, stats.Variance, 6);
        Assert.Equal(30, split.Variance, 6);
    }

    [Fact]
    public void EmptyAndSingleValueStatisticsReportNaNRatherThanGarbage()
    {
        Assert.True(double.IsNaN(new SummaryStats().Mean));
        Assert.True(double.IsNaN(Of(3).Variance));
        Assert.Equal(0, new SummaryStats().SumOfSquares);
    }

    internal static SummaryStats Of(params double[] values)
    {
        var stats = new SummaryStats();
        foreach (var value in values) stats.Add(value);
        return stats;
    }
}
