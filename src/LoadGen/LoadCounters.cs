namespace TSMetrics.LoadGen;

/// <summary>Running totals of a load run, updated by concurrent senders and read by the progress line.</summary>
public sealed class LoadCounters
{
    private long _sentPoints;
    private long _sentRequests;
    private long _acknowledgedPoints;
    private long _acknowledgedRequests;
    private long _rejectedPoints;
    private long _rejectedRequests;
    private long _failedRequests;
    private long _inFlight;

    public long SentPoints => Interlocked.Read(ref _sentPoints);
    public long SentRequests => Interlocked.Read(ref _sentRequests);
    public long AcknowledgedPoints => Interlocked.Read(ref _acknowledgedPoints);
    public long AcknowledgedRequests => Interlocked.Read(ref _acknowledgedRequests);
    public long RejectedPoints => Interlocked.Read(ref _rejectedPoints);
    public long RejectedRequests => Interlocked.Read(ref _rejectedRequests);
    public long FailedRequests => Interlocked.Read(ref _failedRequests);
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Status codes of rejections (400, 413, 503, ...) and their counts.</summary>
    public Dictionary<int, long> RejectionsByStatus { get; } = [];

    public LatencyRecorder Latency { get; } = new();

    public void Sending(int points)
    {
        Interlocked.Add(ref _sentPoints, points);
        Interlocked.Increment(ref _sentRequests);
        Interlocked.Increment(ref _inFlight);
    }

    public void Acknowledged(int points)
    {
        Interlocked.Add(ref _acknowledgedPoints, points);
        Interlocked.Increment(ref _acknowledgedRequests);
        Interlocked.Decrement(ref _inFlight);
    }

    public void Rejected(int points, int status)
    {
        Interlocked.Add(ref _rejectedPoints, points);
        Interlocked.Increment(ref _rejectedRequests);
        Interlocked.Decrement(ref _inFlight);
        lock (RejectionsByStatus) RejectionsByStatus[status] = RejectionsByStatus.GetValueOrDefault(status) + 1;
    }

    public void Failed()
    {
        Interlocked.Increment(ref _failedRequests);
        Interlocked.Decrement(ref _inFlight);
    }
}
