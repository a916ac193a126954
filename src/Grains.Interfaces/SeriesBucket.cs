namespace TSMetrics.Grains.Interfaces;

/// <summary>One time bucket of a series: its start and the statistics of the points in it.</summary>
/// <param name="StartMicros">Bucket start, microseconds since the Unix epoch.</param>
/// <param name="Stats">Statistics of the points in the bucket.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.SeriesBucket")]
public readonly record struct SeriesBucket(long StartMicros, SummaryStats Stats);
