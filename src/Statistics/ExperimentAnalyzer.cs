namespace TSMetrics.Statistics;

/// <summary>Compares every treatment with the control for every metric of a test (A/B/n), as GrowthBook's analysis does.</summary>
public static class ExperimentAnalyzer
{
    public static ExperimentAnalysis Analyze(ExperimentInput input)
    {
        var variants = Variants(input);
        var control = ControlOf(input);
        var metrics = new List<MetricAnalysis>(input.Metrics.Count);
        var family = new List<(int Metric, int Comparison, double P)>();
        var pending = new List<List<(VariantComparison Comparison, ComparisonResult Result)>>();

        foreach (var metric in input.Metrics)
        {
            var controlSample = metric.Variants.FirstOrDefault(v => v.Variant == control)?.EstimateFor(metric.Proportion);
            var comparisons = new List<(VariantComparison, ComparisonResult)>();
            foreach (var treatment in metric.Variants.Where(v => v.Variant != control).OrderBy(v => v.Variant, StringComparer.Ordinal))
            {
                var result = controlSample is { } c
                    ? Compare(input.Method, c, treatment.EstimateFor(metric.Proportion), metric, input.Options)
                    : ComparisonResult.NotInformative(input.Method, "the control has no data for this metric");
                if (result.PValue is { } p && result.IsInformative) family.Add((metrics.Count, comparisons.Count, p));
                comparisons.Add((ToComparison(treatment.Variant, result), result));
            }

            pending.Add(comparisons);
            metrics.Add(new MetricAnalysis(
                metric.Name, metric.Unit, metric.Kind,
                metric.HigherIsBetter switch { true => "higher", false => "lower", _ => "unknown" },
                metric.Variants.OrderBy(v => v.Variant, StringComparer.Ordinal).Select(Summarize(metric.Proportion)).ToList(), [],
                metric.AnalysisUnit, metric.RefusedUnitPoints)
            {
                CrossedUsers = metric.CrossedUnits,
                UnitsSince = metric.UnitsSince,
                Quantiles = PartsAnalyzer.Quantiles(metric, control, input),
                Categories = PartsAnalyzer.Categories(metric, control, input),
            });
        }

        var holm = MultipleComparisons.Holm(family.Select(f => f.P).ToList());
        var bh = MultipleComparisons.BenjaminiHochberg(family.Select(f => f.P).ToList());
        for (var i = 0; i < family.Count; i++)
        {
            var (m, c, _) = family[i];
            var (comparison, result) = pending[m][c];
            pending[m][c] = (comparison with { PValueHolm = holm[i], PValueBenjaminiHochberg = bh[i] }, result);
        }

        for (var m = 0; m < metrics.Count; m++)
        {
            var higherIsBetter = input.Metrics[m].HigherIsBetter;
            metrics[m] = metrics[m] with
            {
                Comparisons = pending[m].Select(pair => pair.Comparison with
                {
                    Verdict = Verdicts.Of(pair.Result, higherIsBetter, input.Options.Alpha, Adjusted(pair.Comparison, input.Correction)),
                }).ToList(),
            };
        }

        return new ExperimentAnalysis(
            input.Test, input.Method, Note(input.Method, input.Options), input.Options.Alpha, input.Options.Type, input.Correction,
            input.WindowFrom, input.WindowTo, control, SampleRatio(input, variants), metrics)
        {
            Exposure = ExposureCheck.Of(input.Metrics),
        };
    }

    /// <summary>The control: the input's when it has data, otherwise the first variant by name.</summary>
    public static string? ControlOf(ExperimentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var variants = Variants(input);
        return input.Control is not null && variants.Contains(input.Control) ? input.Control : variants.FirstOrDefault() ?? input.Control;
    }

    // A variant with only string values has no numeric sample, yet is a variant: its categories count it.
    private static List<string> Variants(ExperimentInput input) =>
        input.Metrics.SelectMany(m => m.Variants.Select(v => v.Variant).Concat(m.Parts?.Categories?.Keys ?? []))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static ComparisonResult Compare(TestMethod method, ArmEstimate control, ArmEstimate treatment, MetricInput metric, ComparisonOptions options) => method switch
    {
        TestMethod.Fixed => WelchTest.Compare(control, treatment, options),
        TestMethod.Bayesian => BayesianTest.Compare(control, treatment, metric.HigherIsBetter == false, options),
        _ => SequentialTest.Compare(control, treatment, options),
    };

    internal static VariantComparison ToComparison(string variant, ComparisonResult result) => new(
        variant, result.Lift, result.Lower, result.Upper, result.StandardError, result.PValue, null, null,
        result.ChanceToWin, result.RiskControl, result.RiskTreatment, Verdict.NotEnoughData, result.Uninformative);

    private static double? Adjusted(VariantComparison comparison, Correction correction) => correction switch
    {
        Correction.Holm => comparison.PValueHolm,
        Correction.BenjaminiHochberg => comparison.PValueBenjaminiHochberg,
        _ => null,
    };

    private static Func<VariantSample, VariantSummary> Summarize(bool proportion) => v => v.EstimateFor(proportion) is var e && e.Count == 0
        ? new VariantSummary(v.Variant, 0, null, null, v.Points)
        : new VariantSummary(v.Variant, e.Count, e.Mean, Math.Sqrt(e.Variance), v.Points);

    // Counts come from the metric with the most observations: every unit reports it, so it is the best
    // stand-in for exposures while points are counted per event.
    private static SampleRatioCheck SampleRatio(ExperimentInput input, List<string> variants)
    {
        var busiest = input.Metrics.MaxBy(m => m.Variants.Sum(v => v.EstimateFor(m.Proportion).Count));
        var observed = variants.ToDictionary(v => v, v => busiest?.Variants.FirstOrDefault(s => s.Variant == v)?.EstimateFor(busiest.Proportion).Count ?? 0L, StringComparer.Ordinal);
        var weights = variants.Select(v => input.Weights is null ? 1.0 : input.Weights.GetValueOrDefault(v)).ToList();
        var weightTotal = weights.Sum();
        var expected = variants.Select((v, i) => (v, weightTotal > 0 ? weights[i] / weightTotal : 0)).ToDictionary(p => p.v, p => p.Item2, StringComparer.Ordinal);
        var p = SampleRatioMismatch.PValue(variants.Select(v => observed[v]).ToList(), weights);
        return new SampleRatioCheck(p, p < SampleRatioMismatch.Threshold, busiest?.Name, observed, expected);
    }

    private static string Note(TestMethod method, ComparisonOptions options) => method switch
    {
        TestMethod.Sequential => $"Sequential (asymptotic confidence sequences, N* = {options.SequentialTuning:0}): intervals and p-values stay valid however often you look. The default for live views.",
        TestMethod.Fixed => "Fixed-horizon Welch t-test: valid for one look at a sample size planned in advance; looking repeatedly inflates false positives.",
        _ => options.Prior is null
            ? "Bayesian, flat prior, normal approximation: chance to beat control and expected loss (risk) of each choice."
            : $"Bayesian, normal prior N({options.Prior.Mean}, {options.Prior.StandardDeviation}²) on the lift: chance to beat control and expected loss.",
    };
}
