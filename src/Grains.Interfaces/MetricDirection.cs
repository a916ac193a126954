namespace TSMetrics.Grains.Interfaces;

/// <summary>Which way a metric should move for a variant to count as better.</summary>
public enum MetricDirection
{
    /// <summary>Not defined: a comparison says which way it moved, not whether that is good.</summary>
    Unknown = 0,

    /// <summary>Lower is better (latency, CPU).</summary>
    Lower = 1,

    /// <summary>Higher is better (add-to-cart, conversions).</summary>
    Higher = 2,
}
