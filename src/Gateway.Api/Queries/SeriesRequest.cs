using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>A validated series query: [from, to) in buckets of the granularity, aligned to the Unix epoch, with the quantile levels asked for.</summary>
public sealed record SeriesRequest(SeriesKey Key, long FromMicros, long ToMicros, long GranularityMicros, string? Variant, double[]? Quantiles = null);
