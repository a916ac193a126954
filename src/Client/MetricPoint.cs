namespace TSMetrics.Client;

/// <summary>One observation of a plain metric (no A/B test), as a metrics server has them.</summary>
/// <param name="Metric">The metric (cpu_usage...).</param>
/// <param name="Value">A finite number.</param>
/// <param name="Timestamp">When it happened; null means when it was tracked.</param>
public readonly record struct MetricPoint(string Metric, double Value, DateTimeOffset? Timestamp = null);
