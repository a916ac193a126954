namespace TSMetrics.Grains.Interfaces;

/// <summary>The state of one thing a rule watches (the test, a metric, or a metric's variant).</summary>
/// <param name="RuleId">The rule.</param>
/// <param name="Metric">The metric, or null for a test-wide rule.</param>
/// <param name="Variant">The variant, or null when the alert is about the whole metric or test.</param>
/// <param name="Raised">True while the condition holds.</param>
/// <param name="ChangedAt">When it was last raised or resolved.</param>
/// <param name="Message">What happened, for people.</param>
/// <param name="Figures">The numbers behind it, as of the last evaluation.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.AlertStatus")]
public sealed record AlertStatus(
    string RuleId, string? Metric, string? Variant, bool Raised, DateTime ChangedAt, string Message, IReadOnlyDictionary<string, double> Figures)
{
    /// <summary>The watched thing as one key: "", "metric" or "metric/variant".</summary>
    public string Subject => Metric is null ? "" : Variant is null ? Metric : $"{Metric}/{Variant}";
}
