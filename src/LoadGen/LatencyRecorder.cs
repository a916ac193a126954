namespace TSMetrics.LoadGen;

/// <summary>Collects latencies from concurrent callers and answers percentiles.</summary>
public sealed class LatencyRecorder
{
    private readonly List<double> _milliseconds = [];

    public int Count
    {
        get
        {
            lock (_milliseconds) return _milliseconds.Count;
        }
    }

    public void Add(TimeSpan elapsed)
    {
        lock (_milliseconds) _milliseconds.Add(elapsed.TotalMilliseconds);
    }

    /// <summary>The nearest-rank percentile in milliseconds, or NaN when nothing was recorded.</summary>
    public double Percentile(double quantile)
    {
        lock (_milliseconds)
        {
            if (_milliseconds.Count == 0) return double.NaN;
            _milliseconds.Sort();
            return _milliseconds[Math.Clamp((int)Math.Ceiling(quantile * _milliseconds.Count) - 1, 0, _milliseconds.Count - 1)];
        }
    }
}
