namespace TSMetrics.Gateway.Api.Storage;

/// <summary>One stored point, as the raw-points query returns it.</summary>
/// <param name="Category">The string value of a categorical point; null for a number.</param>
public sealed record StoredPoint(string Variant, DateTime Timestamp, double Value, string? UserId, string? TagsJson, string? Category = null);
