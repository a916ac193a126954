namespace TSMetrics.Client;

/// <summary>
/// Sends points to TSMetrics in the background. <c>Track</c> never blocks and never throws for a full buffer:
/// it returns false and counts the point as dropped.
/// </summary>
public interface ITsMetricsClient : IAsyncDisposable
{
    /// <summary>What became of the points tracked so far.</summary>
    TsMetricsClientCounters Counters { get; }

    /// <summary>Buffers a point of an A/B test; false when the buffer is full (the point is dropped and counted).</summary>
    bool Track(in ExperimentPoint point);

    /// <summary>Buffers a point of a plain metric; false when the buffer is full (the point is dropped and counted).</summary>
    bool Track(in MetricPoint point);

    /// <summary>Completes once every point tracked before the call is acknowledged, refused or given up.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
