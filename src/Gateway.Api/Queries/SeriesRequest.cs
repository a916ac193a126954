using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>A validated series query: [from, to) in buckets of the granularity, aligned to the Unix epoch, with the quantile levels asked for.</summary>
public sealed record SeriesRequest(SeriesKey Key, long FromMicros, long ToMicros, long GranularityMicros, string? Variant, double[]? Quantiles = null)
{
    /// <summary>Whether buckets get their distinct users (one more read from storage, over the whole range).</summary>
    public bool WithUsers { get; init; }

    /// <summary>Whether closed history may come from the gateway's cache (<see cref="CachedHistoryReader"/>).</summary>
    public bool Cacheable { get; init; } = true;
}
