using TSMetrics.LoadGen;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>Points "now" for the active series in turn, 100 per request, both variants: the soak's traffic.</summary>
public sealed class SoakSource(int series) : IBatchSource
{
    private const int PointsPerRequest = 100;
    private long _next = -1;

    public LoadBatch? Next(int worker)
    {
        var index = (int)(Interlocked.Increment(ref _next) % series);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var points = new List<LoadPoint>(PointsPerRequest);
        for (var i = 0; i < PointsPerRequest; i++)
            points.Add(new LoadPoint(ActiveSeriesSource.Test(index), ActiveSeriesSource.Metric(index), i % 2 == 0 ? "A" : "B", 50 + i, now, null));
        return new LoadBatch(points, singleSeries: true);
    }
}
