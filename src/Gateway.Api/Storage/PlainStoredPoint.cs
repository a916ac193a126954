namespace TSMetrics.Gateway.Api.Storage;

/// <summary>One stored point of a plain metric, as tsm.plain_points returns it.</summary>
/// <param name="Category">The string value of a categorical point; null for a number.</param>
public sealed record PlainStoredPoint(string Metric, DateTime Timestamp, double Value, string? TagsJson, string? Category = null);
