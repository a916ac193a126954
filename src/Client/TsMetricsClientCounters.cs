namespace TSMetrics.Client;

/// <summary>
/// What became of tracked points, since the client started. Every point ends in exactly one of
/// <see cref="Acknowledged"/>, <see cref="Dropped"/>, <see cref="Rejected"/> or <see cref="Failed"/>, or is still pending.
/// Also published on the meter <c>TSMetrics.Client</c>.
/// </summary>
public sealed class TsMetricsClientCounters
{
    private long _tracked;
    private long _acknowledged;
    private long _dropped;
    private long _rejected;
    private long _failed;
    private long _retries;

    /// <summary>Points accepted into the buffer.</summary>
    public long Tracked => Interlocked.Read(ref _tracked);

    /// <summary>Points the gateway acknowledged as durable.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Points not buffered because the buffer was full (or the client was disposed).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Points the gateway refused for good (400, 401, 403, 413, 422): retrying would not help.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Points given up after <see cref="TsMetricsClientOptions.MaxRetryDuration"/> or at shutdown.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Requests sent again after a failure (same idempotency key).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    internal void AddTracked() => Interlocked.Increment(ref _tracked);

    internal void AddAcknowledged(int points) => Interlocked.Add(ref _acknowledged, points);

    internal long AddDropped(int points) => Interlocked.Add(ref _dropped, points);

    internal void AddRejected(int points) => Interlocked.Add(ref _rejected, points);

    internal void AddFailed(int points) => Interlocked.Add(ref _failed, points);

    internal void AddRetry() => Interlocked.Increment(ref _retries);
}
