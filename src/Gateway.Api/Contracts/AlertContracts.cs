namespace TSMetrics.Gateway.Api.Contracts;

/// <summary>The body of PUT /v1/tests/{test}/alerts/{rule}.</summary>
/// <param name="Type">sampleRatioMismatch, guardrailWorse, verdict or noPoints.</param>
/// <param name="Metric">One metric to watch, or null for every metric.</param>
/// <param name="Threshold">p-value (sample ratio) or alpha (guardrail, verdict); null for the default.</param>
/// <param name="SilenceSeconds">Seconds without points (noPoints); null for the default (600).</param>
/// <param name="Enabled">False switches the rule off; default true.</param>
public sealed record AlertRuleRequest(string? Type, string? Metric, double? Threshold, double? SilenceSeconds, bool? Enabled);

/// <summary>The body of POST /v1/tests/{test}/hooks.</summary>
public sealed record WebhookRequest(string? Url);

/// <summary>A webhook just created: the only answer that shows its secret.</summary>
public sealed record WebhookCreated(long Id, string Test, string Url, DateTime CreatedAt, string Secret, string SignatureHeader, string Signature);
