using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>Caps on what one query may ask for.</summary>
public sealed class QueryOptions
{
    public const string SectionName = "TSMetrics:Query";

    /// <summary>Longest span (to - from) of one query. Default 400 days; 1 minute to 10 years.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan MaxSpan { get; set; } = TimeSpan.FromDays(400);

    /// <summary>Most buckets per variant that span / granularity may produce. Default 20,000; 10 to 1,000,000.</summary>
    [Range(10, 1_000_000)]
    public int MaxBucketsPerSeries { get; set; } = 20_000;

    /// <summary>Page size when none is asked for. Default 1,000.</summary>
    [Range(1, 100_000)]
    public int DefaultLimit { get; set; } = 1_000;

    /// <summary>Largest page size (limit) for buckets and raw points. Default 10,000; 1 to 100,000.</summary>
    [Range(1, 100_000)]
    public int MaxLimit { get; set; } = 10_000;

    /// <summary>Span used when a series query gives no start. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan DefaultSpan { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Queries one gateway runs at once; more wait up to <see cref="ConcurrencyWait"/>, then get 503. Default 32; 1 to 10,000.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentQueries { get; set; } = 32;

    /// <summary>How long a query waits for a free slot before 503 + Retry-After. Default 1 s; 0 to 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ConcurrencyWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest a query may run before it is cancelled and answered 503. Default 10 s; 100 ms to 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

[OptionsValidator]
public sealed partial class QueryOptionsValidator : IValidateOptions<QueryOptions>;
