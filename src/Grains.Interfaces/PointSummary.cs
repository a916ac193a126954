namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// What makes a <see cref="SeriesPoint"/> a pre-aggregated contribution (an OTLP histogram data point) rather
/// than one value: its count, extremes, M2 and values per quantile bin. The point's
/// <see cref="SeriesPoint.Value"/> is the exact sum. Folded as one merge (<see cref="SummaryStats.Merge"/>),
/// never as many values, so the mean stays exact and the count does not grow with the histogram.
/// </summary>
/// <param name="Count">Number of values summarised (at least 1).</param>
/// <param name="Min">Smallest value (exact when the exporter sent it, else the edge of the lowest non-empty bucket).</param>
/// <param name="Max">Largest value (likewise).</param>
/// <param name="M2">Sum of squared deviations from the mean, estimated from the buckets.</param>
/// <param name="BinKeys">Quantile bins (<see cref="QuantileBins.KeyOf"/>) in ascending order.</param>
/// <param name="BinCounts">Values per bin, parallel to <paramref name="BinKeys"/>; they add up to <paramref name="Count"/>.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.PointSummary")]
public sealed record PointSummary(long Count, double Min, double Max, double M2, int[] BinKeys, long[] BinCounts)
{
    /// <summary>The statistics of the summarised values, given their sum.</summary>
    public SummaryStats StatsWith(double sum) => new(Count, sum, M2, Min, Max);
}
