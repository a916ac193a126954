using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics;
using TSMetrics.Statistics.Units;

namespace TSMetrics.Tests.Statistics;

/// <summary>
/// Metrics defined as sum or count per user, read from the series' unit sums the way the gateway and the
/// alerts read them (<see cref="ExperimentInputs"/>), with every method, the corrections and the verdicts.
/// </summary>
public sealed class UnitTotalKindTests
{
    public static TheoryData<TestMethod> Methods => new() { TestMethod.Fixed, TestMethod.Sequential, TestMethod.Bayesian };

    [Theory]
    [MemberData(nameof(Methods))]
    public void ASumPerUserWithOnePointPerUserIsTheEventLevelMeansAnswer(TestMethod method)
    {
        var random = new Random(17);
        var a = Enumerable.Range(0, 700).Select(_ => 20 + 6 * Gaussian(random)).ToArray();
        var b = Enumerable.Range(0, 650).Select(_ => 21.5 + 6 * Gaussian(random)).ToArray();
        var perUser = Totals(new MetricDefinition(Kind: MetricKind.Sum, Direction: MetricDirection.Higher), ("A", a, 1), ("B", b, 1));
        var perEvent = Totals(new MetricDefinition(Kind: MetricKind.Mean, Direction: MetricDirection.Higher), ("A", a, 1), ("B", b, 1));

        var users = Analyze([perUser], method).Metrics[0];
        var events = Analyze([perEvent], method, eventLevel: true).Metrics[0];

        Assert.Equal(("sum", "user", "event"), (users.Kind, users.AnalysisUnit, events.AnalysisUnit));
        Assert.Equal(events.Variants.Select(v => (v.N, v.Points)), users.Variants.Select(v => (v.N, v.Points)));
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(events.Variants[i].Mean!.Value, users.Variants[i].Mean!.Value, 9);
            Assert.Equal(events.Variants[i].Sd!.Value, users.Variants[i].Sd!.Value, 9);
        }

        var (user, @event) = (users.Comparisons.Single(), events.Comparisons.Single());
        Assert.Equal(@event.Lift, user.Lift, 9);
        Assert.Equal(@event.Lower, user.Lower, 9);
        Assert.Equal(@event.Upper, user.Upper, 9);
        Assert.Equal(@event.PValue ?? -1, user.PValue ?? -1, 9);
        Assert.Equal(@event.ChanceToWin ?? -1, user.ChanceToWin ?? -1, 9);
        Assert.Equal(@event.Verdict, user.Verdict);
        Assert.NotEqual(Verdict.NotEnoughData, user.Verdict);
    }

    [Fact]
    public void ASumPerUserIsTheMeanAndSdOfUsersTotalsAndFindsWhoSpendsMore()
    {
        var random = new Random(4);
        // Revenue: most users spend nothing, a few spend a lot, over several purchases.
        (double Total, long Points)[] Users(int count, double buyRate) => Enumerable.Range(0, count).Select(_ =>
        {
            var points = random.Next(1, 8);
            var total = 0.0;
            for (var j = 0; j < points; j++) total += random.NextDouble() < buyRate ? 30 + 10 * random.NextDouble() : 0;
            return (total, (long)points);
        }).ToArray();
        var a = Users(4_000, 0.10);
        var b = Users(4_000, 0.13);

        var metric = Analyze([Totals(new MetricDefinition("EUR", MetricDirection.Higher, MetricKind.Sum), ("A", a), ("B", b))], TestMethod.Fixed).Metrics[0];

        var control = metric.Variants[0];
        Assert.Equal((4_000L, a.Sum(u => u.Points)), (control.N, control.Points));
        Assert.Equal(a.Average(u => u.Total), control.Mean!.Value, 9);
        Assert.Equal(StandardDeviation(a.Select(u => u.Total)), control.Sd!.Value, 6);
        var b0 = metric.Comparisons.Single();
        Assert.Equal(b.Average(u => u.Total) / a.Average(u => u.Total) - 1, b0.Lift, 9);
        Assert.Equal(Verdict.Better, b0.Verdict);
    }

    [Fact]
    public void ACountPerUserIsTheMeanOfUsersPointsWhateverTheirValues()
    {
        var random = new Random(6);
        (double, long)[] Users(int count, double meanClicks) => Enumerable.Range(0, count)
            .Select(_ => (random.NextDouble() * 100 - 50, (long)Math.Max(1, Math.Round(meanClicks + 2 * Gaussian(random))))).ToArray();
        var a = Users(3_000, 5);
        var b = Users(3_000, 5.4);
        var definition = new MetricDefinition("clicks", MetricDirection.Higher, MetricKind.Count);

        var analysis = Analyze([Totals(definition, ("A", a), ("B", b))], TestMethod.Sequential);

        var metric = analysis.Metrics[0];
        Assert.Equal(("count", "user"), (metric.Kind, metric.AnalysisUnit));
        Assert.Equal(a.Average(u => (double)u.Item2), metric.Variants[0].Mean!.Value, 9);
        Assert.Equal(StandardDeviation(a.Select(u => (double)u.Item2)), metric.Variants[0].Sd!.Value, 6);
        Assert.Equal(Verdict.Better, metric.Comparisons.Single().Verdict);
        Assert.Equal(3_000, analysis.SampleRatio.Observed["B"]);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void EveryUserSendingKPointsGivesACountOfKWithNoVarianceAndNoVerdict(TestMethod method)
    {
        const int k = 4;
        var random = new Random(8);
        var a = Enumerable.Range(0, 500).Select(_ => random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 400).Select(_ => random.NextDouble()).ToArray();

        var metric = Analyze([Totals(new MetricDefinition(Kind: MetricKind.Count), ("A", a, k), ("B", b, k))], method).Metrics[0];

        Assert.All(metric.Variants, v => Assert.Equal((k, 0.0), (v.Mean!.Value, v.Sd!.Value)));
        Assert.Equal((500L, 500L * k), (metric.Variants[0].N, metric.Variants[0].Points));
        var comparison = metric.Comparisons.Single();
        Assert.Equal(Verdict.NotEnoughData, comparison.Verdict);
        Assert.Contains("variance", comparison.Reason);
        Assert.Null(comparison.PValueHolm);
    }

    [Fact]
    public void WithoutUserIdsASumIsTheMeanOfPointsAndACountComparesNothing()
    {
        var random = new Random(2);
        var a = Enumerable.Range(0, 300).Select(_ => 10 + Gaussian(random)).ToArray();
        var b = Enumerable.Range(0, 300).Select(_ => 11 + Gaussian(random)).ToArray();
        WindowTotals EventsOnly(string name, MetricKind kind) => Totals(new MetricDefinition(Kind: kind), ("A", a, 1), ("B", b, 1)) with { Metric = name, Units = null };

        var analysis = Analyze([EventsOnly("c", MetricKind.Count), EventsOnly("m", MetricKind.Mean), EventsOnly("s", MetricKind.Sum)], TestMethod.Fixed);

        var (count, mean, sum) = (analysis.Metrics[0], analysis.Metrics[1], analysis.Metrics[2]);
        Assert.Equal(["count", "mean", "sum"], analysis.Metrics.Select(m => m.Kind));
        Assert.All(analysis.Metrics, m => Assert.Equal("event", m.AnalysisUnit));
        Assert.Equal(mean.Comparisons[0], sum.Comparisons[0]);
        Assert.Equal(Verdict.Increased, sum.Comparisons[0].Verdict);
        Assert.Equal((300L, 1.0, 0.0), (count.Variants[0].N, count.Variants[0].Mean!.Value, count.Variants[0].Sd!.Value));
        Assert.Equal(Verdict.NotEnoughData, count.Comparisons[0].Verdict);
    }

    [Fact]
    public void HolmAndBenjaminiHochbergAdjustAcrossTheFourKinds()
    {
        var random = new Random(31);
        (double, long)[] Users(double level) => Enumerable.Range(0, 2_000).Select(_ =>
        {
            var points = random.Next(1, 6);
            return (Enumerable.Range(0, points).Sum(_ => level + Gaussian(random)), (long)points);
        }).ToArray();
        var (a, b) = (Users(10), Users(10.3));
        var metrics = Enum.GetValues<MetricKind>()
            .Select(kind => Totals(new MetricDefinition(Kind: kind), ("A", a), ("B", b)) with { Metric = kind.ToString() })
            .ToList();

        var analysis = Analyze(metrics, TestMethod.Fixed);

        var informative = analysis.Metrics.SelectMany(m => m.Comparisons).Where(c => c.PValue is not null && c.Verdict != Verdict.NotEnoughData).ToList();
        Assert.True(informative.Count >= 3, $"{informative.Count} informative comparisons");
        Assert.All(informative, c => Assert.True(c.PValueHolm >= c.PValue && c.PValueBenjaminiHochberg >= c.PValue));
        Assert.Equal(["count", "mean", "proportion", "sum"], analysis.Metrics.Select(m => m.Kind));
    }

    private static ExperimentAnalysis Analyze(IReadOnlyList<WindowTotals> totals, TestMethod method, bool eventLevel = false) =>
        ExperimentAnalyzer.Analyze(ExperimentInputs.From("t", new TestDefinition("A"), totals, 0, 1, null, method, ComparisonOptions.Default, Correction.Holm, eventLevel));

    // Every user sends pointsEach points whose values add up to the given total: the event totals hold the points.
    private static WindowTotals Totals(MetricDefinition definition, params (string Variant, double[] Values, int PointsEach)[] variants) =>
        Totals(definition, variants.Select(v => (v.Variant, v.Values.Select(x => (x * v.PointsEach, (long)v.PointsEach)).ToArray(), v.Values)).ToArray());

    private static WindowTotals Totals(MetricDefinition definition, params (string Variant, (double Total, long Points)[] Users)[] variants) =>
        Totals(definition, variants.Select(v => (v.Variant, v.Users, v.Users.Select(u => u.Total / u.Points).ToArray())).ToArray());

    private static WindowTotals Totals(MetricDefinition definition, (string Variant, (double Total, long Points)[] Users, double[] Points)[] variants)
    {
        var events = new List<VariantTotals>();
        var units = new List<VariantUnits>();
        foreach (var (variant, users, points) in variants)
        {
            var sums = default(UnitSums);
            var stats = new SummaryStats();
            for (var u = 0; u < users.Length; u++)
            {
                sums.AddUnit(users[u].Total, users[u].Points);
                // Each user's points all at the user's mean value: the event view sees the same totals.
                for (var j = 0; j < users[u].Points; j++) stats.Add(points[u]);
            }

            events.Add(new VariantTotals(variant, stats));
            units.Add(VariantUnits.From(variant, sums));
        }

        return new WindowTotals("m", definition, 0, 1, [.. events], [.. units]);
    }

    private static double StandardDeviation(IEnumerable<double> values)
    {
        var list = values.ToList();
        var mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1));
    }

    private static double Gaussian(Random random) => UnitStatisticsPropertyTests.Gaussian(random);
}
