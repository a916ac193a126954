namespace TSMetrics.Gateway.Api.Storage;

/// <summary>One stored point, as the raw-points query returns it.</summary>
/// <param name="Category">The string value of a categorical point; null for a number.</param>
/// <param name="Count">The count of a summary point (a histogram data point, whose value is its sum); null for a plain point.</param>
public sealed record StoredPoint(string Variant, DateTime Timestamp, double Value, string? UserId, string? TagsJson, string? Category = null, long? Count = null);
