namespace TSMetrics.Client;

/// <summary>A point waiting in the buffer; plain metrics have empty test and variant.</summary>
internal readonly record struct BufferedPoint(string Test, string Variant, string Metric, double Value, string? UserId, DateTimeOffset Timestamp);
