namespace TSMetrics.LoadGen;

/// <summary>One point as the load generator sends it; the timestamp is unix seconds, or null for "now" on the server.</summary>
public readonly record struct LoadPoint(string Test, string Metric, string Variant, double Value, double? UnixSeconds, string? UserId);
