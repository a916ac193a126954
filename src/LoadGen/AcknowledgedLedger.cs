using System.Collections.Concurrent;

namespace TSMetrics.LoadGen;

/// <summary>
/// What the server acknowledged, per (test, metric, variant), with the time range of those points: the
/// expectation the verifier checks against what the server answers later.
/// </summary>
public sealed class AcknowledgedLedger
{
    private readonly ConcurrentDictionary<(string Test, string Metric), SeriesTally> _series = new();

    public IReadOnlyDictionary<(string Test, string Metric), SeriesTally> Series => _series;

    /// <summary>Records an acknowledged batch; points without a timestamp count at <paramref name="receivedAt"/>.</summary>
    public void Add(LoadBatch batch, double receivedAt)
    {
        SeriesTally? tally = null;
        foreach (var point in batch.Points)
        {
            if (tally is null || !batch.SingleSeries) tally = _series.GetOrAdd((point.Test, point.Metric), _ => new SeriesTally());
            tally.Add(point.Variant, point.UnixSeconds ?? receivedAt);
        }
    }

    /// <summary>Adds points the server is expected to hold: how a test proves the verifier notices a missing one.</summary>
    public void Expect(string test, string metric, string variant, double unixSeconds, long count) =>
        _series.GetOrAdd((test, metric), _ => new SeriesTally()).Add(variant, unixSeconds, count);
}

/// <summary>Acknowledged points of one series, per variant, and their time range.</summary>
public sealed class SeriesTally
{
    private readonly Dictionary<string, long> _counts = [];

    public double FirstUnixSeconds { get; private set; } = double.MaxValue;

    public double LastUnixSeconds { get; private set; } = double.MinValue;

    public IReadOnlyDictionary<string, long> Snapshot()
    {
        lock (_counts) return new Dictionary<string, long>(_counts);
    }

    public void Add(string variant, double unixSeconds, long count = 1)
    {
        lock (_counts)
        {
            _counts[variant] = _counts.GetValueOrDefault(variant) + count;
            if (unixSeconds < FirstUnixSeconds) FirstUnixSeconds = unixSeconds;
            if (unixSeconds > LastUnixSeconds) LastUnixSeconds = unixSeconds;
        }
    }
}
