namespace TSMetrics.LoadGen;

/// <summary>The points of one request. <see cref="SingleSeries"/> batches go in the {"test","metric","points"} envelope.</summary>
public sealed class LoadBatch(List<LoadPoint> points, bool singleSeries)
{
    public List<LoadPoint> Points { get; } = points;

    public bool SingleSeries { get; } = singleSeries;
}
