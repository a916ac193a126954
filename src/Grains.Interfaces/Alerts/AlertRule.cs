namespace TSMetrics.Grains.Interfaces;

/// <summary>One alert rule of a test.</summary>
/// <param name="Id">The rule's name within the test (letters, digits, _ - . :).</param>
/// <param name="Type">What it watches.</param>
/// <param name="Metric">The one metric it watches, or null for every metric of the test (where the type looks at metrics).</param>
/// <param name="Threshold">The p-value (sample ratio) or alpha (guardrail, verdict) that raises it; null for the type's default.</param>
/// <param name="SilenceSeconds">For <see cref="AlertRuleType.NoPoints"/>: seconds without points that raise it; null for the default.</param>
/// <param name="Enabled">False switches the rule off (a default rule stays listed).</param>
/// <param name="IsDefault">True for the rules every test has until they are changed.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.AlertRule")]
public sealed record AlertRule(
    string Id,
    AlertRuleType Type,
    string? Metric = null,
    double? Threshold = null,
    double? SilenceSeconds = null,
    bool Enabled = true,
    bool IsDefault = false);
