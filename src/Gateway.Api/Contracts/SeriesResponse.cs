namespace TSMetrics.Gateway.Api.Contracts;

/// <summary>The answer of GET /v1/series: per variant, its non-empty buckets.</summary>
public sealed record SeriesResponse(
    string Test, string Metric, string? Unit, string Granularity, DateTime From, DateTime To, IReadOnlyList<VariantBuckets> Variants);

/// <summary>The buckets of one variant.</summary>
public sealed record VariantBuckets(string Variant, IReadOnlyList<BucketDto> Buckets);

/// <summary>
/// One bucket: start (unix seconds), count, average, min, max and sum of its numbers (average, min and max
/// left out when it has only string values), its quantiles by name ("p95") when asked with <c>q=</c>, and
/// count and share per string value.
/// </summary>
public sealed record BucketDto(
    long T, long Count, double? Avg, double? Min, double? Max, double Sum,
    IReadOnlyDictionary<string, double>? Quantiles = null, IReadOnlyDictionary<string, CategoryShare>? Categories = null);
