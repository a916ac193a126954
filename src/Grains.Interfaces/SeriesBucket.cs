namespace TSMetrics.Grains.Interfaces;

/// <summary>One time bucket of a series: its start and the statistics of the points in it.</summary>
/// <param name="StartMicros">Bucket start, microseconds since the Unix epoch.</param>
/// <param name="Stats">Statistics of the numeric points in the bucket.</param>
/// <param name="Quantiles">The requested quantiles, in the request's order, when the series keeps percentiles.</param>
/// <param name="Categories">Points per string value, when the bucket has string values.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.SeriesBucket")]
public readonly record struct SeriesBucket(long StartMicros, SummaryStats Stats, double[]? Quantiles = null, CategoryCount[]? Categories = null);
