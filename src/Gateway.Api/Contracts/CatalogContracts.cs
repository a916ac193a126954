namespace TSMetrics.Gateway.Api.Contracts;

/// <summary>An A/B test in the catalog.</summary>
public sealed record TestEntry(
    string Name, string? Control, string? Description, IReadOnlyDictionary<string, double>? Weights, DateTime? FirstSeen, DateTime? LastSeen,
    IReadOnlyList<VariantEntry> Variants, IReadOnlyList<MetricEntry> Metrics);

/// <summary>A variant of a test, with when points of it were first and last seen.</summary>
public sealed record VariantEntry(string Name, DateTime FirstSeen, DateTime LastSeen);

/// <summary>
/// A metric, with its definition and when points of it were first and last seen. ValueType is "string" once
/// any string (categorical) value of it was stored, "number" otherwise.
/// </summary>
public sealed record MetricEntry(
    string Name, string? Unit, string Direction, string Kind, string? Description, DateTime? FirstSeen, DateTime? LastSeen,
    string ValueType = MetricEntry.Number)
{
    public const string Number = "number";
    public const string String = "string";
}

/// <summary>The body of PUT /v1/tests/{test}.</summary>
public sealed record TestDefinitionRequest(string? Control, string? Description, Dictionary<string, double>? Weights);

/// <summary>The body of PUT /v1/tests/{test}/metrics/{metric} and PUT /v1/metrics/{metric}.</summary>
public sealed record MetricDefinitionRequest(string? Unit, string? Direction, string? Kind, string? Description, bool? Percentiles = null);
