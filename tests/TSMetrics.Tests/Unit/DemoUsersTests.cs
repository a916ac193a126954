using TSMetrics.Grains.Interfaces;
using TSMetrics.Silo.Demo;
using TSMetrics.Statistics;
using TSMetrics.Statistics.Units;

namespace TSMetrics.Tests.Unit;

/// <summary>The demo's users: stable ids, variants and levels, several alike points each, and the demo's truth found per user.</summary>
public sealed class DemoUsersTests
{
    [Fact]
    public void UsersVariantsAndLevelsAreTheSameInEveryProcessAndDifferBetweenUsers()
    {
        var first = new DemoUsers("checkout_v2", 2, 2_000);
        var again = new DemoUsers("checkout_v2", 2, 2_000);

        Assert.Equal(Enumerable.Range(0, 2_000).Select(first.Variant), Enumerable.Range(0, 2_000).Select(again.Variant));
        Assert.Equal(first.Levels("response_time"), again.Levels("response_time"));
        Assert.NotEqual(first.Levels("response_time"), first.Levels("add_to_cart"));
        Assert.InRange(Enumerable.Range(0, 2_000).Count(u => first.Variant(u) == 1), 900, 1_100);
        var normals = first.Levels("response_time").Select(l => l.Normal).ToArray();
        Assert.InRange(normals.Average(), -0.1, 0.1);
        Assert.InRange(Math.Sqrt(normals.Average(x => x * x)), 0.9, 1.1);
        var random = new Random(1);
        Assert.All(Enumerable.Range(0, 500), _ => Assert.Equal(1, first.Variant(first.Pick(1, random))));
    }

    [Fact]
    public void TheDemoTruthIsFoundPerUserAndAUsersPointsAreAlike()
    {
        var random = new Random(3);
        var results = new Dictionary<string, MetricAnalysis>();
        double eventVarianceOfMean = 0, unitVarianceOfMean = 0;
        foreach (var series in DemoSeries.All.Where(s => s.Key.Test == "checkout_v2"))
        {
            var units = series.Variants.Select(_ => new UnitAccumulator()).ToArray();
            var events = series.Variants.Select(_ => new SummaryStats()).ToArray();
            for (var i = 0; i < 600_000; i++)
            {
                var variant = i % series.Variants.Length;
                var (user, value) = series.Next(variant, random);
                Assert.Equal(variant, series.Users!.Variant(user));
                units[variant].Add(series.Users.UnitHash(user), value);
                events[variant].Add(value);
            }

            var totals = new WindowTotals(series.Key.Metric, series.Definition, 0, 1,
                series.Variants.Select((v, i) => new VariantTotals(v, events[i])).ToArray(),
                series.Variants.Select((v, i) => VariantUnits.From(v, units[i].Sums)).ToArray());
            var analysis = ExperimentAnalyzer.Analyze(ExperimentInputs.From("checkout_v2", new TestDefinition("A"), [totals], 0, 1, null,
                TestMethod.Sequential, ComparisonOptions.Default, Correction.Holm));
            results[series.Key.Metric] = analysis.Metrics[0];
            if (series.Definition.Kind == MetricKind.Mean)
            {
                var perUser = units[0].Sums.Estimate(UnitMetricKind.Mean);
                unitVarianceOfMean = perUser.Variance / perUser.Count;
                eventVarianceOfMean = events[0].Variance / events[0].Count;
            }
        }

        Assert.All(results.Values, m => Assert.Equal("user", m.AnalysisUnit));
        Assert.All(results.Values.SelectMany(m => m.Variants), v => Assert.InRange(v.Points / (double)v.N, 8, 20));
        Assert.Equal(Verdict.Better, results["response_time"].Comparisons[0].Verdict);
        Assert.InRange(results["response_time"].Comparisons[0].Lift, -0.10, -0.06);
        Assert.Equal(Verdict.Better, results["add_to_cart"].Comparisons[0].Verdict);
        Assert.InRange(results["add_to_cart"].Comparisons[0].Lift, 0.08, 0.22);
        // A user's own level makes their points alike: per event, the mean's variance is understated.
        Assert.True(unitVarianceOfMean > 2 * eventVarianceOfMean, $"per user {unitVarianceOfMean}, per event {eventVarianceOfMean}");
    }
}
