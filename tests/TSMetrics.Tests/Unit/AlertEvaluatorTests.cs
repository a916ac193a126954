using TSMetrics.Grains.Alerts;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics;

namespace TSMetrics.Tests.Unit;

public sealed class AlertEvaluatorTests
{
    private static readonly AlertRule Guardrail = DefaultAlertRules.All.Single(r => r.Type == AlertRuleType.GuardrailWorse);
    private static readonly AlertRule VerdictRule = DefaultAlertRules.All.Single(r => r.Type == AlertRuleType.Verdict);
    private static readonly AlertRule SampleRatio = DefaultAlertRules.All.Single(r => r.Type == AlertRuleType.SampleRatioMismatch);

    [Fact]
    public void AGuardrailIsRaisedOnlyWhenTheTreatmentIsWorseInTheMetricsDirection()
    {
        // B's latency is 20% higher: worse when lower is better, better when higher is.
        var lower = Analyze(Metric("latency", MetricDirection.Lower, ("A", 1_000, 100, 10), ("B", 1_000, 120, 10)));
        var higher = Analyze(Metric("latency", MetricDirection.Higher, ("A", 1_000, 100, 10), ("B", 1_000, 120, 10)));
        var unknown = Analyze(Metric("latency", MetricDirection.Unknown, ("A", 1_000, 100, 10), ("B", 1_000, 120, 10)));

        var raised = Assert.Single(AlertEvaluator.Evaluate(Guardrail, lower));
        Assert.True(raised.Raised);
        Assert.Equal(("latency", "B"), (raised.Metric, raised.Variant));
        Assert.True(raised.Figures["lower"] > 0);
        Assert.Contains("B is worse than A on latency", raised.Message);
        Assert.False(Assert.Single(AlertEvaluator.Evaluate(Guardrail, higher)).Raised);
        Assert.Empty(AlertEvaluator.Evaluate(Guardrail, unknown)); // no direction, no "worse"
    }

    [Fact]
    public void CrossedUsersAreRaisedAboveTheirShareThresholdOnly()
    {
        var rule = DefaultAlertRules.All.Single(r => r.Type == AlertRuleType.CrossedUsers);
        var analysis = Analyze(Metric("m", MetricDirection.Higher, ("A", 1_000, 100, 10), ("B", 1_000, 100, 10)));

        var many = Assert.Single(AlertEvaluator.Evaluate(rule, analysis with { Exposure = new ExposureCheck(30, 2_000, 0.015, true, "m") }));
        var few = Assert.Single(AlertEvaluator.Evaluate(rule, analysis with { Exposure = new ExposureCheck(10, 2_000, 0.005, false, "m") }));

        Assert.True(many.Raised);
        Assert.Equal(30, many.Figures["crossedUsers"]);
        Assert.Contains("more than one variant", many.Message);
        Assert.False(few.Raised);
        Assert.Empty(AlertEvaluator.Evaluate(rule, analysis)); // no users, nothing to say
    }

    [Fact]
    public void AVerdictIsRaisedEitherWayButNotWhileInconclusiveOrWithoutData()
    {
        var better = Analyze(Metric("m", MetricDirection.Higher, ("A", 1_000, 100, 10), ("B", 1_000, 120, 10)));
        var unknown = Analyze(Metric("m", MetricDirection.Unknown, ("A", 1_000, 100, 10), ("B", 1_000, 80, 10)));
        var nullEffect = Analyze(Metric("m", MetricDirection.Higher, ("A", 1_000, 100, 10), ("B", 1_000, 100.1, 10)));
        var tooFew = Analyze(Metric("m", MetricDirection.Higher, ("A", 1, 100, 0), ("B", 1, 120, 0)));

        Assert.True(Assert.Single(AlertEvaluator.Evaluate(VerdictRule, better)).Raised);
        Assert.Contains("decreased", Assert.Single(AlertEvaluator.Evaluate(VerdictRule, unknown)).Message);
        Assert.False(Assert.Single(AlertEvaluator.Evaluate(VerdictRule, nullEffect)).Raised);
        Assert.Empty(AlertEvaluator.Evaluate(VerdictRule, tooFew));
    }

    [Fact]
    public void ARuleForOneMetricIgnoresTheOthers()
    {
        var analysis = Analyze(
            Metric("latency", MetricDirection.Lower, ("A", 1_000, 100, 10), ("B", 1_000, 120, 10)),
            Metric("errors", MetricDirection.Lower, ("A", 1_000, 100, 10), ("B", 1_000, 120, 10)));
        var conditions = AlertEvaluator.Evaluate(Guardrail with { Metric = "errors" }, analysis).ToList();
        Assert.Equal("errors", Assert.Single(conditions).Metric);
    }

    [Fact]
    public void ASampleRatioMismatchIsRaisedBelowTheThreshold()
    {
        var off = Analyze(Metric("m", MetricDirection.Unknown, ("A", 1_000, 1, 1), ("B", 1_300, 1, 1)));
        var even = Analyze(Metric("m", MetricDirection.Unknown, ("A", 1_000, 1, 1), ("B", 1_010, 1, 1)));
        var one = Analyze(Metric("m", MetricDirection.Unknown, ("A", 1_000, 1, 1)));

        var raised = Assert.Single(AlertEvaluator.Evaluate(SampleRatio, off));
        Assert.True(raised.Raised);
        Assert.Equal((1_000, 1_300), (raised.Figures["observed.A"], raised.Figures["observed.B"]));
        Assert.Null(raised.Metric);
        Assert.False(Assert.Single(AlertEvaluator.Evaluate(SampleRatio, even)).Raised);
        Assert.True(Assert.Single(AlertEvaluator.Evaluate(SampleRatio with { Threshold = 0.9 }, even)).Raised);
        Assert.Empty(AlertEvaluator.Evaluate(SampleRatio, one)); // one variant: nothing to compare
    }

    [Fact]
    public void SilenceIsOneAlertPerVariantUnlessTheWholeMetricStopped()
    {
        var rule = new AlertRule("quiet", AlertRuleType.NoPoints, SilenceSeconds: 60);
        WindowTotals[] live = [Metric("m", MetricDirection.Unknown, ("A", 100, 1, 1), ("B", 100, 1, 1))];

        var oneStopped = AlertEvaluator.Silence(rule, live, [Metric("m", MetricDirection.Unknown, ("A", 5, 1, 1))]).ToList();
        var allStopped = AlertEvaluator.Silence(rule, live, [Metric("m", MetricDirection.Unknown)]).ToList();
        var neverSeen = AlertEvaluator.Silence(rule, [Metric("n", MetricDirection.Unknown)], []).ToList();

        Assert.Equal([("", false), ("A", false), ("B", true)], oneStopped.Select(c => (c.Variant ?? "", c.Raised)));
        var metric = Assert.Single(allStopped);
        Assert.Equal(("m", null, true), (metric.Metric, metric.Variant, metric.Raised));
        Assert.Equal(60, metric.Figures["silenceSeconds"]);
        Assert.Empty(neverSeen);
    }

    private static ExperimentAnalysis Analyze(params WindowTotals[] metrics) =>
        ExperimentAnalyzer.Analyze(ExperimentInputs.From("t", new TestDefinition("A"), metrics, 0, 1_000_000, null,
            TestMethod.Sequential, ComparisonOptions.Default, Correction.Holm));

    // Totals with the given count, mean and standard deviation.
    internal static WindowTotals Metric(string name, MetricDirection direction, params (string Variant, long N, double Mean, double Sd)[] variants) =>
        new(name, new MetricDefinition(Direction: direction), 0, 1_000_000, variants
            .Select(v => new VariantTotals(v.Variant, new SummaryStats(v.N, v.N * v.Mean, v.Sd * v.Sd * Math.Max(v.N - 1, 0), v.Mean, v.Mean)))
            .ToArray());
}
