namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>A point as parsed from the request, before defaults and validation.</summary>
internal struct RawPoint
{
    public string? Test;
    public string? Metric;
    public string? Variant;
    public string? UserId;
    public string? TagsJson;
    public double Value;
    /// <summary>The string value of a categorical point, as sent; null for a number (then Value holds it).</summary>
    public string? Category;
    public bool HasValue;
    /// <summary>Set for a pre-aggregated contribution (an OTLP histogram data point); Value is then its sum.</summary>
    public Grains.Interfaces.PointSummary? Summary;
    public long TimeMicros;
    public bool HasTime;
}
