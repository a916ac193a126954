namespace TSMetrics.Grains.Interfaces;

/// <summary>What a user says about an A/B test.</summary>
/// <param name="Control">The control variant comparisons are made against; null means the first variant seen.</param>
/// <param name="Description">Free text for people.</param>
/// <param name="Weights">Expected traffic share per variant, for the sample-ratio check; null for an equal split.</param>
/// <param name="Start">When the test started (UTC): unit-level results count points from here on; null for its first point.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.TestDefinition")]
public sealed record TestDefinition(string? Control = null, string? Description = null, IReadOnlyDictionary<string, double>? Weights = null, DateTime? Start = null);
