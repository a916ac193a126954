using TSMetrics.LoadGen;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>
/// One request per series that reaches into every ring of its window, for both variants: a point per hour
/// over the last 6.9 days, per minute over the last hour and per second over the last minute. Series i is
/// test "mem_{i / 10}", metric "m{i % 10}"; with <paramref name="percentiles"/>, test "memq_{i / 10}", metric
/// "latency{i % 10}_ms", which keeps percentiles by default (a quantile bin per value in every bucket).
/// </summary>
public sealed class ActiveSeriesSource(int from, int to, bool percentiles = false) : IBatchSource
{
    private int _next = from - 1;

    public static string Test(int series, bool percentiles = false) => percentiles ? $"memq_{series / 10}" : $"mem_{series / 10}";

    public static string Metric(int series, bool percentiles = false) => percentiles ? $"latency{series % 10}_ms" : $"m{series % 10}";

    public LoadBatch? Next(int worker)
    {
        var series = Interlocked.Increment(ref _next);
        if (series >= to) return null;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var offsets = Enumerable.Range(1, 165).Select(h => h * 3_600.0)
            .Concat(Enumerable.Range(1, 60).Select(m => m * 60.0))
            .Concat(Enumerable.Range(0, 60).Select(s => s * 1.0));
        var points = new List<LoadPoint>();
        var (test, metric) = (Test(series, percentiles), Metric(series, percentiles));
        foreach (var offset in offsets)
            foreach (var variant in new[] { "A", "B" })
                points.Add(new LoadPoint(test, metric, variant, 50 + offset % 97, now - offset, null));
        return new LoadBatch(points, singleSeries: true);
    }
}
