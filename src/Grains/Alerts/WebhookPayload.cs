using System.Text.Json;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Alerts;

/// <summary>
/// The JSON body of a delivery: <c>{id, type: "alert.raised"|"alert.resolved", at, test, rule, alert, figures, link}</c>.
/// Built once per change and stored, so every retry sends (and signs) the same bytes.
/// </summary>
public static class WebhookPayload
{
    public static string Build(string test, AlertChange change, string publicBaseUrl)
    {
        var status = change.Status;
        var rule = change.Rule;
        var body = new
        {
            id = change.EventId,
            type = status.Raised ? "alert.raised" : "alert.resolved",
            at = status.ChangedAt,
            test,
            rule = new
            {
                id = rule.Id,
                type = rule.Type,
                metric = rule.Metric,
                threshold = rule.Type == AlertRuleType.NoPoints ? (double?)null : DefaultAlertRules.ThresholdOf(rule),
                silenceSeconds = rule.Type == AlertRuleType.NoPoints ? DefaultAlertRules.SilenceOf(rule).TotalSeconds : (double?)null,
            },
            alert = new { state = status.Raised ? "raised" : "resolved", metric = status.Metric, variant = status.Variant, message = status.Message },
            figures = status.Figures,
            link = Link(publicBaseUrl, test),
        };
        return JsonSerializer.Serialize(body, AlertStore.Json);
    }

    /// <summary>The dashboard page of the test.</summary>
    public static string Link(string publicBaseUrl, string test) => $"{publicBaseUrl.TrimEnd('/')}/#/tests/{Uri.EscapeDataString(test)}";
}
