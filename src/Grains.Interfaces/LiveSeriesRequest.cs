namespace TSMetrics.Grains.Interfaces;

/// <summary>A request for buckets from a series grain's in-memory window.</summary>
/// <param name="FromMicros">Inclusive start, microseconds since the Unix epoch; aligned to the granularity.</param>
/// <param name="ToMicros">Exclusive end, microseconds since the Unix epoch.</param>
/// <param name="GranularityMicros">Output bucket width; a multiple of one second.</param>
/// <param name="Variant">Only this variant, or all when null.</param>
/// <param name="Quantiles">Quantile levels in (0, 1) to answer per bucket, for a series that keeps percentiles.</param>
/// <param name="WithUsers">Whether to add the distinct users storage does not have yet (<see cref="VariantSeries.UnflushedUsers"/>).</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.LiveSeriesRequest")]
public sealed record LiveSeriesRequest(long FromMicros, long ToMicros, long GranularityMicros, string? Variant = null, double[]? Quantiles = null, bool WithUsers = false);
