namespace TSMetrics.Gateway.Api.Queries;

/// <summary>The stitched answer to a series query: per variant, its non-empty buckets in time order.</summary>
public sealed record SeriesResult(string? Unit, IReadOnlyList<(string Variant, List<BucketAggregate> Buckets)> Variants, bool KeepsQuantiles = false)
{
    /// <summary>Per variant, the stretches of its buckets that are cached blocks' (see <see cref="StoredHistory"/>).</summary>
    public IReadOnlyDictionary<string, List<CachedRun>>? Cached { get; init; }

    /// <summary>All variants merged into one bucket list (what the predecessor's /metrics returned).</summary>
    public List<BucketAggregate> MergedBuckets()
    {
        var merged = new SortedDictionary<long, BucketAggregate>();
        foreach (var (_, buckets) in Variants)
            foreach (var bucket in buckets)
                merged[bucket.StartMicros] = merged.TryGetValue(bucket.StartMicros, out var existing) ? existing.Merge(bucket) : bucket;
        return [.. merged.Values];
    }
}
