namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// Which series keep percentiles when their definition does not say: latency-like metrics, whose unit is a
/// unit of time or whose name says duration. Percentiles cost memory and storage per bucket, so other
/// numeric series keep only count, sum, M2, min and max unless defined with <c>percentiles: true</c>.
/// </summary>
public static class QuantileDefaults
{
    private static readonly string[] TimeUnits = ["ns", "us", "µs", "ms", "s", "sec", "seconds", "milliseconds", "microseconds", "min", "minutes"];

    private static readonly string[] DurationWords = ["latency", "duration", "response_time", "responsetime", "response-time", "elapsed", "_ms", "-ms", ".ms"];

    /// <summary>Whether a series of <paramref name="metric"/> keeps percentiles.</summary>
    public static bool Keeps(string metric, MetricDefinition definition)
    {
        if (definition.Percentiles is { } chosen) return chosen;
        if (definition.Kind == MetricKind.Proportion) return false;
        if (definition.Unit is { } unit && Array.Exists(TimeUnits, u => string.Equals(u, unit.Trim(), StringComparison.OrdinalIgnoreCase))) return true;
        foreach (var word in DurationWords)
            if (metric.Contains(word, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
