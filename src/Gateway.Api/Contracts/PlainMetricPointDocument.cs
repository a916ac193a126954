namespace TSMetrics.Gateway.Api.Contracts;

/// <summary>
/// The body of POST /v1/metrics, for the OpenAPI document: a plain-metric point as the Go server (timestamp)
/// and the Tornado API (ts) posted it, value a number or a string; any other key is kept as a tag and given back by GET /v1/metrics.
/// </summary>
public sealed record PlainMetricPointDocument(string Name, PointValue Value, string? Ts, string? Timestamp);
