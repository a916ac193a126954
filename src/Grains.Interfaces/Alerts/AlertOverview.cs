namespace TSMetrics.Grains.Interfaces;

/// <summary>A test's alert rules and the state of everything they watch.</summary>
/// <param name="Test">The test.</param>
/// <param name="Rules">Every rule, defaults included.</param>
/// <param name="Alerts">Everything that was ever raised (still raised, or resolved since), newest change first.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.AlertOverview")]
public sealed record AlertOverview(string Test, AlertRule[] Rules, AlertStatus[] Alerts);
