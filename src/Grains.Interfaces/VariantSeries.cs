namespace TSMetrics.Grains.Interfaces;

/// <summary>The buckets of one variant, in time order; empty buckets are left out.</summary>
/// <param name="Variant">The variant name ("" for a plain metric).</param>
/// <param name="Buckets">Non-empty buckets in ascending time.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.VariantSeries")]
public sealed record VariantSeries(string Variant, SeriesBucket[] Buckets)
{
    /// <summary>
    /// When asked (<see cref="LiveSeriesRequest.WithUsers"/>): per output bucket, in time order, the users of
    /// the points that are not in the rollups yet. Storage's sketches of the same buckets hold the rest.
    /// </summary>
    [Id(2)]
    public BucketUserSketch[] UnflushedUsers { get; init; } = [];
}
