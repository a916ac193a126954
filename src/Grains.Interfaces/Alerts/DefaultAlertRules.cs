using TSMetrics.Statistics;

namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// The rules every test has until someone changes them, and each type's default threshold. A stored rule
/// with a default's id replaces it (keeping its type); deleting it brings the default back.
/// </summary>
public static class DefaultAlertRules
{
    /// <summary>Sample ratio: raised below this chi-square p-value.</summary>
    public const double SampleRatioPValue = SampleRatioMismatch.Threshold;

    /// <summary>Guardrail and verdict: the sequential test's alpha (Holm-adjusted across the test's metrics and treatments).</summary>
    public const double Alpha = 0.05;

    /// <summary>Crossed users: raised above this share of users seen in more than one variant.</summary>
    public const double CrossedUsersShare = ExposureCheck.Threshold;

    /// <summary>No points: raised after this many seconds without a point (10 minutes).</summary>
    public const double SilenceSeconds = 600;

    /// <summary>sample-ratio, guardrail (every metric with a direction), verdict (every metric), no-points (every metric and variant), crossed-users.</summary>
    public static IReadOnlyList<AlertRule> All { get; } =
    [
        new("sample-ratio", AlertRuleType.SampleRatioMismatch, IsDefault: true),
        new("guardrail", AlertRuleType.GuardrailWorse, IsDefault: true),
        new("verdict", AlertRuleType.Verdict, IsDefault: true),
        new("no-points", AlertRuleType.NoPoints, IsDefault: true),
        new("crossed-users", AlertRuleType.CrossedUsers, IsDefault: true),
    ];

    /// <summary>The default rule with this id, or null.</summary>
    public static AlertRule? Find(string id) => All.FirstOrDefault(rule => rule.Id == id);

    /// <summary>Whether the id names a default rule.</summary>
    public static bool IsDefaultId(string id) => Find(id) is not null;

    /// <summary>The p-value (sample ratio), share (crossed users) or alpha (guardrail, verdict) the rule uses.</summary>
    public static double ThresholdOf(AlertRule rule) => rule.Threshold ?? rule.Type switch
    {
        AlertRuleType.SampleRatioMismatch => SampleRatioPValue,
        AlertRuleType.CrossedUsers => CrossedUsersShare,
        _ => Alpha,
    };

    /// <summary>How long a no-points rule waits.</summary>
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
