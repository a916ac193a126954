namespace TSMetrics.Gateway.Api.Contracts;

/// <summary>The predecessor's GET /metrics answer, field for field.</summary>
public sealed record LegacyMetricsResponse(
    string AbTest, string Metric, string? Unit, int Skip, int Limit, int Count, bool IsComplete, IReadOnlyList<LegacyDatapoint> Datapoints);

/// <summary>t = bucket start in unix seconds; a/l/h = average, low, high, rounded to 3 decimals.</summary>
public sealed record LegacyDatapoint(long T, double A, double L, double H);
