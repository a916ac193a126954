namespace TSMetrics.LoadGen;

/// <summary>How the load generator paces its requests.</summary>
public enum LoadMode
{
    /// <summary>A fixed rate of points per second, sent every interval (the predecessor's simulator: 20 points every 300 ms).</summary>
    Steady,

    /// <summary>As fast as the server acknowledges, with a bounded number of requests in flight.</summary>
    Max,

    /// <summary>Points spread over the past days, sent as fast as <see cref="Max"/>.</summary>
    Backfill,

    /// <summary>Points read from a CSV file, sent as fast as <see cref="Max"/>.</summary>
    Csv,
}
