using System.Globalization;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics;

namespace TSMetrics.Grains.Alerts;

/// <summary>
/// Reads rules against numbers: an analysis of the live window (sample ratio, guardrails, verdicts) or the
/// points of a recent stretch (silence). Pure, so every rule is tested without a cluster. Each condition
/// says raised or not for one subject; subjects it does not mention keep their state.
/// </summary>
public static class AlertEvaluator
{
    public static IEnumerable<AlertCondition> Evaluate(AlertRule rule, ExperimentAnalysis analysis) => rule.Type switch
    {
        AlertRuleType.SampleRatioMismatch => SampleRatio(rule, analysis),
        AlertRuleType.GuardrailWorse => Comparisons(rule, analysis, guardrail: true),
        AlertRuleType.Verdict => Comparisons(rule, analysis, guardrail: false),
        AlertRuleType.CrossedUsers => CrossedUsers(rule, analysis),
        _ => [],
    };

    /// <summary>
    /// A metric whose every variant fell silent is one alert on the metric; otherwise each silent variant is
    /// its own. Only variants with points in the live window are watched.
    /// </summary>
    public static IEnumerable<AlertCondition> Silence(AlertRule rule, IReadOnlyList<WindowTotals> live, IReadOnlyList<WindowTotals> recent)
    {
        var seconds = DefaultAlertRules.SilenceOf(rule).TotalSeconds;
        foreach (var metric in live)
        {
            if (rule.Metric is not null && rule.Metric != metric.Metric) continue;
            var watched = metric.Variants.Where(v => v.Stats.Count > 0).ToList();
            if (watched.Count == 0) continue;
            var latest = recent.FirstOrDefault(r => r.Metric == metric.Metric);
            long Recent(string variant) => latest?.Variants.FirstOrDefault(v => v.Variant == variant)?.Stats.Count ?? 0;
            var silent = watched.Where(v => Recent(v.Variant) == 0).Select(v => v.Variant).ToList();
            var all = silent.Count == watched.Count;
            yield return new AlertCondition(rule.Id, metric.Metric, null, all,
                all ? $"{metric.Metric} received no points for {Duration(seconds)}." : $"{metric.Metric} receives points again.",
                Figures(("silenceSeconds", seconds), ("recentPoints", watched.Sum(v => Recent(v.Variant))), ("windowPoints", watched.Sum(v => v.Stats.Count))));
            if (all) continue;
            foreach (var variant in watched)
            {
                var quiet = silent.Contains(variant.Variant);
                yield return new AlertCondition(rule.Id, metric.Metric, variant.Variant, quiet,
                    quiet ? $"Variant {variant.Variant} of {metric.Metric} received no points for {Duration(seconds)} while others did."
                          : $"Variant {variant.Variant} of {metric.Metric} receives points.",
                    Figures(("silenceSeconds", seconds), ("recentPoints", Recent(variant.Variant)), ("windowPoints", variant.Stats.Count)));
            }
        }
    }

    private static IEnumerable<AlertCondition> SampleRatio(AlertRule rule, ExperimentAnalysis analysis)
    {
        var check = analysis.SampleRatio;
        if (check.Observed.Count < 2 || check.Observed.Values.Sum() == 0) yield break;
        var threshold = DefaultAlertRules.ThresholdOf(rule);
        var raised = check.PValue < threshold;
        var figures = new Dictionary<string, double> { ["pValue"] = check.PValue, ["threshold"] = threshold };
        foreach (var (variant, count) in check.Observed) figures[$"observed.{variant}"] = count;
        foreach (var (variant, share) in check.Expected) figures[$"expected.{variant}"] = share;
        var split = string.Join(", ", check.Observed.Select(pair => $"{pair.Key} {pair.Value}"));
        yield return new AlertCondition(rule.Id, null, null, raised,
            raised ? $"Sample ratio mismatch: {split} (p = {Number(check.PValue)}, below {Number(threshold)}); assignment or logging may be broken."
                   : $"The sample ratio is within expectations: {split} (p = {Number(check.PValue)}).",
            figures);
    }

    private static IEnumerable<AlertCondition> CrossedUsers(AlertRule rule, ExperimentAnalysis analysis)
    {
        if (analysis.Exposure is not { Users: > 0 } exposure) yield break;
        var threshold = DefaultAlertRules.ThresholdOf(rule);
        var raised = exposure.Share > threshold;
        yield return new AlertCondition(rule.Id, null, null, raised,
            raised ? $"{exposure.CrossedUsers} of {exposure.Users} users ({exposure.Share:P1}) were seen in more than one variant, above {threshold:P1}; assignment may be broken. They are left out of the comparisons."
                   : $"Users seen in more than one variant: {exposure.CrossedUsers} of {exposure.Users} ({exposure.Share:P1}), within {threshold:P1}.",
            Figures(("crossedUsers", exposure.CrossedUsers), ("users", exposure.Users), ("share", exposure.Share), ("threshold", threshold)));
    }

    private static IEnumerable<AlertCondition> Comparisons(AlertRule rule, ExperimentAnalysis analysis, bool guardrail)
    {
        foreach (var metric in analysis.Metrics)
        {
            if (rule.Metric is not null && rule.Metric != metric.Metric) continue;
            if (guardrail && metric.Direction == "unknown") continue; // "worse" needs a direction
            var control = metric.Variants.FirstOrDefault(v => v.Variant == analysis.Control);
            foreach (var comparison in metric.Comparisons)
            {
                if (comparison.Verdict == Verdict.NotEnoughData) continue;
                var raised = guardrail
                    ? comparison.Verdict == Verdict.Worse
                    : comparison.Verdict is Verdict.Better or Verdict.Worse or Verdict.Increased or Verdict.Decreased;
                var treatment = metric.Variants.FirstOrDefault(v => v.Variant == comparison.Variant);
                var figures = Figures(
                    ("lift", comparison.Lift), ("lower", comparison.Lower), ("upper", comparison.Upper), ("alpha", analysis.Alpha),
                    ("pValue", comparison.PValue ?? double.NaN), ("pValueAdjusted", comparison.PValueHolm ?? comparison.PValue ?? double.NaN),
                    ("controlN", control?.N ?? 0), ("controlMean", control?.Mean ?? double.NaN),
                    ("treatmentN", treatment?.N ?? 0), ("treatmentMean", treatment?.Mean ?? double.NaN));
                var verdict = comparison.Verdict.ToString().ToLowerInvariant();
                var interval = $"lift {Percent(comparison.Lift)} [{Percent(comparison.Lower)}, {Percent(comparison.Upper)}]";
                var message = raised
                    ? $"{comparison.Variant} is {verdict} than {analysis.Control} on {metric.Metric}: {interval}, sequential at alpha {Number(analysis.Alpha)}."
                    : $"{comparison.Variant} against {analysis.Control} on {metric.Metric} is {verdict}: {interval}.";
                yield return new AlertCondition(rule.Id, metric.Metric, comparison.Variant, raised, message, figures);
            }
        }
    }

    private static Dictionary<string, double> Figures(params (string Name, double Value)[] figures)
    {
        var result = new Dictionary<string, double>(figures.Length, StringComparer.Ordinal);
        foreach (var (name, value) in figures)
            if (double.IsFinite(value)) result[name] = value; // JSON has no NaN
        return result;
    }

    private static string Percent(double lift) => lift.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

    private static string Duration(double seconds) => seconds >= 120
        ? (seconds / 60).ToString("0.#", CultureInfo.InvariantCulture) + " min"
        : seconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
