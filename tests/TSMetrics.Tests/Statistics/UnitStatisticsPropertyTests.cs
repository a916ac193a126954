using TSMetrics.Statistics;
using TSMetrics.Statistics.Units;

namespace TSMetrics.Tests.Statistics;

/// <summary>Unit-level (per-user) statistics: they reduce to the event-level answer, merge exactly and update point by point.</summary>
public sealed class UnitStatisticsPropertyTests
{
    public static TheoryData<TestMethod> Methods => new() { TestMethod.Fixed, TestMethod.Sequential, TestMethod.Bayesian };

    [Theory]
    [MemberData(nameof(Methods))]
    public void OnePointPerUnitGivesTheEventLevelAnswer(TestMethod method)
    {
        var random = new Random(11);
        var control = Normal(random, 800, 10, 3);
        var treatment = Normal(random, 900, 10.4, 3);

        var eventLevel = Compare(method, Sample(control).Estimate(false), Sample(treatment).Estimate(false));
        foreach (var kind in new[] { UnitMetricKind.Mean, UnitMetricKind.Sum })
            AssertSame(eventLevel, Compare(method, OnePointEach(control).Estimate(kind), OnePointEach(treatment).Estimate(kind)));

        var conversionsA = control.Select(v => v > 11 ? 1.0 : 0).ToArray();
        var conversionsB = treatment.Select(v => v > 11 ? 1.0 : 0).ToArray();
        AssertSame(
            Compare(method, Sample(conversionsA).Estimate(true), Sample(conversionsB).Estimate(true)),
            Compare(method, OnePointEach(conversionsA).Estimate(UnitMetricKind.Proportion), OnePointEach(conversionsB).Estimate(UnitMetricKind.Proportion)));
    }

    [Fact]
    public void MergingTwoGroupsOfUnitsEqualsTheirUnion()
    {
        var random = new Random(5);
        var units = Enumerable.Range(0, 1_000).Select(_ => (X: random.NextDouble() * 40 - 5, Y: (long)random.Next(1, 9))).ToArray();
        var union = default(UnitSums);
        var left = default(UnitSums);
        var right = default(UnitSums);
        for (var i = 0; i < units.Length; i++)
        {
            union.AddUnit(units[i].X, units[i].Y);
            if (i % 3 == 0) left.AddUnit(units[i].X, units[i].Y);
            else right.AddUnit(units[i].X, units[i].Y);
        }

        left.Merge(right);

        Assert.Equal((union.Units, union.Converted), (left.Units, left.Converted));
        foreach (var kind in Enum.GetValues<UnitMetricKind>())
        {
            Assert.Equal(union.Estimate(kind).Mean, left.Estimate(kind).Mean, 9);
            Assert.Equal(union.Estimate(kind).Variance, left.Estimate(kind).Variance, 9);
        }
    }

    [Fact]
    public void PointByPointUpdatesEqualTheUnitTotals()
    {
        var random = new Random(3);
        var totals = new UnitTotals[200];
        var incremental = default(UnitSums);
        for (var i = 0; i < 5_000; i++)
        {
            // Negative values let totals cross zero both ways, so conversions must be retracted too.
            incremental.Add(ref totals[random.Next(totals.Length)], random.NextDouble() * 10 - 4.5);
        }

        var batch = default(UnitSums);
        foreach (var unit in totals.Where(t => t.Points > 0)) batch.AddUnit(unit.Sum, unit.Points);

        Assert.Equal(batch.Units, incremental.Units);
        Assert.Equal(totals.Count(t => t.Sum > 0), incremental.Converted);
        Assert.Equal(batch.SumX, incremental.SumX, 6);
        Assert.Equal(batch.SumXSquared, incremental.SumXSquared, 5);
        Assert.Equal(batch.SumY, incremental.SumY);
        Assert.Equal(batch.SumYSquared, incremental.SumYSquared);
        Assert.Equal(batch.SumXY, incremental.SumXY, 6);
    }

    [Fact]
    public void MergingBucketsThatShareUnitsEqualsOneAccumulatorOverAllPoints()
    {
        var random = new Random(9);
        var whole = new UnitAccumulator();
        var buckets = Enumerable.Range(0, 4).Select(_ => new UnitAccumulator()).ToArray();
        for (var i = 0; i < 20_000; i++)
        {
            var user = $"user-{random.Next(1_500)}";
            var value = random.NextDouble() * 8 - 2;
            whole.Add(user, value);
            buckets[i * 4 / 20_000].Add(user, value);
        }

        var merged = new UnitAccumulator();
        foreach (var bucket in buckets) merged.Merge(bucket);
        var naive = default(UnitSums);
        foreach (var bucket in buckets) naive.Merge(bucket.Sums);

        Assert.Equal(whole.UnitCount, merged.UnitCount);
        Assert.Equal(whole.Sums.Units, merged.Sums.Units);
        Assert.Equal(whole.Sums.Converted, merged.Sums.Converted);
        foreach (var kind in Enum.GetValues<UnitMetricKind>())
        {
            Assert.Equal(whole.Sums.Estimate(kind).Mean, merged.Sums.Estimate(kind).Mean, 9);
            Assert.Equal(whole.Sums.Estimate(kind).Variance, merged.Sums.Estimate(kind).Variance, 6);
        }

        // Adding the buckets' sums instead counts a user once per bucket: the wrong n.
        Assert.True(naive.Units > whole.Sums.Units);
        Assert.Equal(whole[UnitIdHashOf("user-7")].Points, merged[UnitIdHashOf("user-7")].Points);
    }

    [Fact]
    public void ReplacingAUnitByNothingRemovesIt()
    {
        var sums = default(UnitSums);
        sums.AddUnit(5, 2);
        sums.AddUnit(-1, 1);

        sums.Replace(5, 2, 0, 0);

        var only = default(UnitSums);
        only.AddUnit(-1, 1);
        Assert.Equal(only, sums);
    }

    [Fact]
    public void AddingPointsOfKnownUnitsDoesNotAllocate()
    {
        var accumulator = new UnitAccumulator();
        for (ulong u = 0; u < 1_000; u++) accumulator.Add(u, 1);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++) accumulator.Add((ulong)(i % 1_000), i);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1_000, accumulator.Sums.Units);
    }

    [Fact]
    public void AddingAPointDoesNotAllocate()
    {
        var totals = new UnitTotals[64];
        var sums = default(UnitSums);
        sums.Add(ref totals[0], 1);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++) sums.Add(ref totals[i & 63], i * 0.5);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void PerUnitMeanWidensTheIntervalWhenAUnitsPointsAreAlike()
    {
        // Each user has a level of their own and 20 points around it: the points are not independent, and
        // only the unit-level variance says so.
        var random = new Random(8);
        var points = new List<double>();
        var sums = default(UnitSums);
        var totals = new UnitTotals[300];
        for (var u = 0; u < totals.Length; u++)
        {
            var level = 10 + 4 * Gaussian(random);
            for (var j = 0; j < 20; j++)
            {
                var value = level + Gaussian(random);
                points.Add(value);
                sums.Add(ref totals[u], value);
            }
        }

        var eventLevel = Sample([.. points]).Estimate(false);
        var unitLevel = sums.Estimate(UnitMetricKind.Mean);

        Assert.Equal(eventLevel.Mean, unitLevel.Mean, 9);
        Assert.True(unitLevel.Variance / unitLevel.Count > 5 * eventLevel.Variance / eventLevel.Count,
            $"unit-level variance of the mean {unitLevel.Variance / unitLevel.Count} vs event-level {eventLevel.Variance / eventLevel.Count}");
    }

    [Fact]
    public void TheAnalyzerComparesUnitLevelMetricsWithSampleRatioAndCorrections()
    {
        var random = new Random(21);
        UnitSums Arm(double level, int users)
        {
            var sums = default(UnitSums);
            for (var u = 0; u < users; u++)
            {
                var points = random.Next(1, 6);
                var total = 0.0;
                for (var j = 0; j < points; j++) total += level + Gaussian(random);
                sums.AddUnit(total, points);
            }

            return sums;
        }

        var control = Arm(10, 2_000);
        var treatment = Arm(11, 2_000);
        var metrics = Enum.GetValues<UnitMetricKind>().Select(kind => MetricInput.OfUnits(
            $"m_{kind}", null, kind, true, [VariantSample.OfUnits("A", control, kind), VariantSample.OfUnits("B", treatment, kind)])).ToList();
        var input = new ExperimentInput("t", "A", null, metrics, TestMethod.Fixed, ComparisonOptions.Default, Correction.Holm, DateTime.UnixEpoch, DateTime.UnixEpoch);

        var analysis = ExperimentAnalyzer.Analyze(input);

        Assert.Equal(["proportion", "mean", "sum", "count"], analysis.Metrics.Select(m => m.Kind));
        Assert.All(analysis.Metrics, m => Assert.Equal(2_000, m.Variants[0].N));
        Assert.Equal(2_000, analysis.SampleRatio.Observed["B"]);
        Assert.False(analysis.SampleRatio.Mismatch);
        var byKind = analysis.Metrics.ToDictionary(m => m.Kind, m => m.Comparisons.Single());
        Assert.Equal(Verdict.Better, byKind["mean"].Verdict);
        Assert.Equal(Verdict.Better, byKind["sum"].Verdict);
        Assert.Equal(treatment.SumX / treatment.SumY / (control.SumX / control.SumY) - 1, byKind["mean"].Lift, 9);
        Assert.NotNull(byKind["mean"].PValueHolm);
        Assert.True(byKind["mean"].PValueHolm >= byKind["mean"].PValue);
    }

    private static ComparisonResult Compare(TestMethod method, ArmEstimate control, ArmEstimate treatment) => method switch
    {
        TestMethod.Fixed => WelchTest.Compare(control, treatment, ComparisonOptions.Default),
        TestMethod.Sequential => SequentialTest.Compare(control, treatment, ComparisonOptions.Default),
        _ => BayesianTest.Compare(control, treatment, false, ComparisonOptions.Default),
    };

    private static void AssertSame(ComparisonResult expected, ComparisonResult actual)
    {
        Assert.True(expected.IsInformative);
        Assert.Equal(expected.Lift, actual.Lift, 9);
        Assert.Equal(expected.Lower, actual.Lower, 9);
        Assert.Equal(expected.Upper, actual.Upper, 9);
        Assert.Equal(expected.PValue ?? -1, actual.PValue ?? -1, 9);
        Assert.Equal(expected.ChanceToWin ?? -1, actual.ChanceToWin ?? -1, 9);
    }

    private static UnitSums OnePointEach(double[] values)
    {
        var sums = default(UnitSums);
        var unit = default(UnitTotals);
        foreach (var value in values)
        {
            unit = default;
            sums.Add(ref unit, value);
        }

        return sums;
    }

    private static ArmSample Sample(double[] values)
    {
        var mean = values.Average();
        return new ArmSample(values.Length, values.Sum(), values.Sum(v => (v - mean) * (v - mean)));
    }

    private static double[] Normal(Random random, int n, double mean, double sd) =>
        Enumerable.Range(0, n).Select(_ => mean + sd * Gaussian(random)).ToArray();

    private static ulong UnitIdHashOf(string id) => TSMetrics.Statistics.Sketches.UnitIdHash.Of(id);

    internal static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
