namespace TSMetrics.Grains.Interfaces;

/// <summary>One metric point of a series, as carried in a <see cref="PointBatch"/>.</summary>
/// <param name="UnixMicros">When the point was observed, in microseconds since the Unix epoch (UTC).</param>
/// <param name="Value">The numeric value; 0 for a categorical point (one whose <paramref name="Category"/> is set).</param>
/// <param name="VariantIndex">Index into <see cref="PointBatch.Variants"/>.</param>
/// <param name="UserId">The unit (user) the point belongs to, when known.</param>
/// <param name="TagsJson">Free-form tags as a JSON object text, when given.</param>
/// <param name="Category">The string value of a categorical point ("paypal"), as sent; null for a number.</param>
/// <param name="Summary">
/// Set for a pre-aggregated contribution (an OTLP histogram data point): its count, extremes, M2 and bins;
/// <paramref name="Value"/> is then the sum of its values. Null for a plain point.
/// </param>
[GenerateSerializer, Immutable, Alias("TSMetrics.SeriesPoint")]
public readonly record struct SeriesPoint(
    long UnixMicros,
    double Value,
    int VariantIndex,
    string? UserId = null,
    string? TagsJson = null,
    string? Category = null,
    PointSummary? Summary = null)
{
    /// <summary>Whether the point carries a string (categorical) value rather than a number.</summary>
    public bool IsCategorical => Category is not null;

    /// <summary>How many values the point counts as: its summary's count, else 1.</summary>
    public long Weight => Summary?.Count ?? 1;
}
