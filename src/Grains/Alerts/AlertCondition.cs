namespace TSMetrics.Grains.Alerts;

/// <summary>What one evaluation says about one thing a rule watches.</summary>
public sealed record AlertCondition(string RuleId, string? Metric, string? Variant, bool Raised, string Message, IReadOnlyDictionary<string, double> Figures)
{
    public string Subject => Metric is null ? "" : Variant is null ? Metric : $"{Metric}/{Variant}";
}
