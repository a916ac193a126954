namespace TSMetrics.Gateway.Api.Storage;

/// <summary>One stored point of a plain metric, as tsm.plain_points returns it.</summary>
public sealed record PlainStoredPoint(string Metric, DateTime Timestamp, double Value, string? TagsJson);
