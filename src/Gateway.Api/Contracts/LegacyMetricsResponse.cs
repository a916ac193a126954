using System.Text.Json.Serialization;

namespace TSMetrics.Gateway.Api.Contracts;

/// <summary>
/// The predecessor's GET /metrics answer, field for field: every key always present, <c>unit</c> null when
/// the metric has none (the gateway otherwise leaves nulls out).
/// </summary>
public sealed record LegacyMetricsResponse(
    string AbTest, string Metric, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Unit, int Skip, int Limit, int Count,
    bool IsComplete, IReadOnlyList<LegacyDatapoint> Datapoints);

/// <summary>t = bucket start in unix seconds; a/l/h = average, low, high, rounded to 3 decimals.</summary>
public sealed record LegacyDatapoint(long T, double A, double L, double H);
