using TSMetrics.Gateway.Api.Contracts;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Apis;

/// <summary>Reads a rule from PUT /alerts/{rule}, naming each bad field.</summary>
public static class AlertRuleReader
{
    private static readonly Dictionary<string, AlertRuleType> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sampleRatioMismatch"] = AlertRuleType.SampleRatioMismatch,
        ["guardrailWorse"] = AlertRuleType.GuardrailWorse,
        ["verdict"] = AlertRuleType.Verdict,
        ["noPoints"] = AlertRuleType.NoPoints,
        ["crossedUsers"] = AlertRuleType.CrossedUsers,
    };

    public static AlertRule? Read(string id, AlertRuleRequest body, int maxNameLength, Dictionary<string, string[]> errors)
    {
        if (NameRules.Check(id, maxNameLength) is { } idProblem) errors["rule"] = [idProblem];
        AlertRuleType type = default;
        if (string.IsNullOrEmpty(body.Type) || !Types.TryGetValue(body.Type, out type))
            errors["type"] = ["must be sampleRatioMismatch, guardrailWorse, verdict, noPoints or crossedUsers."];
        else if (DefaultAlertRules.Find(id) is { } defaultRule && defaultRule.Type != type)
            errors["type"] = [$"the default rule '{id}' keeps its type; give a new rule id for a rule of another type."];

        if (!string.IsNullOrEmpty(body.Metric) && NameRules.Check(body.Metric, maxNameLength) is { } metricProblem) errors["metric"] = [metricProblem];
        if (type is AlertRuleType.SampleRatioMismatch or AlertRuleType.CrossedUsers && !string.IsNullOrEmpty(body.Metric))
            errors["metric"] = ["does not apply: the check counts the test's busiest metric."];

        if (body.Threshold is { } threshold)
        {
            if (type == AlertRuleType.NoPoints) errors["threshold"] = ["does not apply to noPoints; set silenceSeconds."];
            else if (type == AlertRuleType.SampleRatioMismatch && threshold is not (> 0 and < 1)) errors["threshold"] = ["must be a p-value between 0 and 1, such as 0.001."];
            else if (type == AlertRuleType.CrossedUsers && threshold is not (> 0 and < 1)) errors["threshold"] = ["must be a share of users between 0 and 1, such as 0.01."];
            else if (type is not (AlertRuleType.SampleRatioMismatch or AlertRuleType.CrossedUsers) && threshold is not (> 0 and < 0.5)) errors["threshold"] = ["must be an alpha between 0 and 0.5, such as 0.05."];
        }

        if (body.SilenceSeconds is { } silence)
        {
            if (type != AlertRuleType.NoPoints) errors["silenceSeconds"] = ["only applies to noPoints."];
            else if (silence is not (>= 1 and <= 7 * 86_400)) errors["silenceSeconds"] = ["must be between 1 and 604800 (7 days)."];
        }

        if (errors.Count > 0) return null;
        return new AlertRule(id, type, string.IsNullOrEmpty(body.Metric) ? null : body.Metric, body.Threshold, body.SilenceSeconds, body.Enabled ?? true,
            DefaultAlertRules.IsDefaultId(id));
    }
}
