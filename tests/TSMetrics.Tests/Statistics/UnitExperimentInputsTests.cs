using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics;
using TSMetrics.Statistics.Units;

namespace TSMetrics.Tests.Statistics;

public sealed class UnitExperimentInputsTests
{
    [Fact]
    public void UserSumsReplaceEventTotalsAndTheAnswerSaysSoWithUsersPointsRefusalsAndSrmOverUsers()
    {
        // 300 users in A, 100 in B but three times the points each: events look balanced, users do not.
        var a = Users(300, pointsEach: 1);
        var b = Users(100, pointsEach: 3);
        var totals = new WindowTotals("latency", MetricDefinition.Undefined, 0, 1, [new VariantTotals("A", Events(300)), new VariantTotals("B", Events(300))],
            [VariantUnits.From("A", a), VariantUnits.From("B", b)], RefusedUnitPoints: 7);

        var analysis = ExperimentAnalyzer.Analyze(ExperimentInputs.From("t", new TestDefinition(), [totals], 0, 1, null, TestMethod.Fixed, ComparisonOptions.Default, Correction.Holm));
        var events = ExperimentAnalyzer.Analyze(ExperimentInputs.From("t", new TestDefinition(), [totals], 0, 1, null, TestMethod.Fixed, ComparisonOptions.Default, Correction.Holm, eventLevel: true));

        var metric = Assert.Single(analysis.Metrics);
        Assert.Equal(("user", 7L, "mean"), (metric.AnalysisUnit, metric.RefusedUnitPoints, metric.Kind));
        Assert.Equal((300L, 300L), (metric.Variants[0].N, metric.Variants[0].Points));
        Assert.Equal((100L, 300L), (metric.Variants[1].N, metric.Variants[1].Points));
        Assert.Equal(a.Estimate(UnitMetricKind.Mean).Mean, metric.Variants[0].Mean);
        Assert.Equal(300, analysis.SampleRatio.Observed["A"]);
        Assert.True(analysis.SampleRatio.Mismatch);
        Assert.Equal("event", events.Metrics[0].AnalysisUnit);
        Assert.False(events.SampleRatio.Mismatch);
    }

    [Fact]
    public void AProportionMetricIsTheShareOfUsersWhoConverted()
    {
        var sums = new UnitSums();
        sums.AddUnit(x: 2, y: 2);
        sums.AddUnit(x: 0, y: 5);
        var totals = new WindowTotals("buy", new MetricDefinition(Kind: MetricKind.Proportion), 0, 1, [new VariantTotals("A", Events(7))], [VariantUnits.From("A", sums)]);

        var metric = ExperimentAnalyzer.Analyze(ExperimentInputs.From("t", new TestDefinition(), [totals], 0, 1, null, TestMethod.Fixed, ComparisonOptions.Default, Correction.Holm)).Metrics[0];

        Assert.Equal(("proportion", 2L, 0.5), (metric.Kind, metric.Variants[0].N, metric.Variants[0].Mean));
    }

    private static UnitSums Users(int users, int pointsEach)
    {
        var sums = new UnitSums();
        for (var u = 0; u < users; u++) sums.AddUnit(pointsEach * (10 + u % 7), pointsEach);
        return sums;
    }

    private static SummaryStats Events(int count)
    {
        var stats = new SummaryStats();
        for (var i = 0; i < count; i++) stats.Add(10 + i % 7);
        return stats;
    }
}
