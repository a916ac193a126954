using TSMetrics.LoadGen;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>The traffic every ingest figure uses, so TSMetrics and its peer see the same kind of points.</summary>
public static class Traffic
{
    /// <summary>10 tests x 2 metrics x 2 variants, user ids from 100,000 (none with <paramref name="users"/> false), a 5% true lift in B, timestamps now.</summary>
    public static LoadOptions Options(Uri url, string runId, int batchSize, int concurrency, double seconds, bool users = true) => new()
    {
        Url = url,
        RunId = runId,
        Mode = LoadMode.Max,
        Tests = 10,
        Metrics = 2,
        Variants = 2,
        BatchSize = batchSize,
        Concurrency = concurrency,
        Seconds = seconds,
        Progress = false,
        VerifyTimeout = TimeSpan.FromSeconds(30),
        Users = users ? 100_000 : 0,
    };

    /// <summary>Generates points exactly as the load generator would send them.</summary>
    public static List<LoadPoint> Generate(LoadOptions options, int count)
    {
        var source = new GeneratedBatchSource(new TrafficModel(options), 1, count, backfill: false);
        var points = new List<LoadPoint>(count);
        while (source.Next(0) is { } batch) points.AddRange(batch.Points);
        return points;
    }
}
