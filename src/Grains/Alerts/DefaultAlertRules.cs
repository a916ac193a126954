using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics;

namespace TSMetrics.Grains.Alerts;

/// <summary>
/// The rules every test has until someone changes them, and each type's default threshold. A stored rule
/// with a default's id replaces it; deleting it brings the default back.
/// </summary>
public static class DefaultAlertRules
{
    public const double SampleRatioPValue = SampleRatioMismatch.Threshold;
    public const double Alpha = 0.05;
    public const double SilenceSeconds = 600;

    public static IReadOnlyList<AlertRule> All { get; } =
    [
        new("sample-ratio", AlertRuleType.SampleRatioMismatch, IsDefault: true),
        new("guardrail", AlertRuleType.GuardrailWorse, IsDefault: true),
        new("verdict", AlertRuleType.Verdict, IsDefault: true),
        new("no-points", AlertRuleType.NoPoints, IsDefault: true),
    ];

    public static bool IsDefaultId(string id) => All.Any(rule => rule.Id == id);

    /// <summary>The p-value (sample ratio) or alpha (guardrail, verdict) the rule uses.</summary>
    public static double ThresholdOf(AlertRule rule) =>
        rule.Threshold ?? (rule.Type == AlertRuleType.SampleRatioMismatch ? SampleRatioPValue : Alpha);

    public static TimeSpan SilenceOf(AlertRule rule) => TimeSpan.FromSeconds(rule.SilenceSeconds ?? SilenceSeconds);

    /// <summary>The defaults with the stored rules laid over them, in a stable order.</summary>
    public static AlertRule[] Effective(IReadOnlyDictionary<string, AlertRule> stored)
    {
        var rules = new List<AlertRule>(All.Count + stored.Count);
        foreach (var rule in All) rules.Add(stored.TryGetValue(rule.Id, out var replaced) ? replaced with { IsDefault = true } : rule);
        rules.AddRange(stored.Values.Where(rule => !IsDefaultId(rule.Id)).OrderBy(rule => rule.Id, StringComparer.Ordinal));
        return rules.ToArray();
    }
}
