namespace TSMetrics.Gateway.Api.Storage;

/// <summary>One stored point, as the raw-points query returns it.</summary>
public sealed record StoredPoint(string Variant, DateTime Timestamp, double Value, string? UserId, string? TagsJson);
