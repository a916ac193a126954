namespace TSMetrics.Gateway.Api.Queries;

/// <summary>A closed stretch of history as storage answered it: per variant its non-empty buckets in time order.</summary>
public sealed record CachedBlock(IReadOnlyList<(string Variant, BucketAggregate[] Buckets)> Variants, DateTimeOffset FilledAt)
{
    public int BucketCount { get; } = Variants.Sum(v => v.Buckets.Length);
}
