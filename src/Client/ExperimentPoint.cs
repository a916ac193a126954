namespace TSMetrics.Client;

/// <summary>One observation of a metric in one variant of an A/B test.</summary>
/// <param name="Test">The A/B test (letters, digits, <c>_ - . :</c>).</param>
/// <param name="Variant">The variant the user saw (A, B, control...).</param>
/// <param name="Metric">The metric (response_time, converted...).</param>
/// <param name="Value">A finite number.</param>
/// <param name="UserId">The user, for per-user analysis; optional.</param>
/// <param name="Timestamp">When it happened; null means when it was tracked.</param>
public readonly record struct ExperimentPoint(
    string Test, string Variant, string Metric, double Value, string? UserId = null, DateTimeOffset? Timestamp = null);
