namespace TSMetrics.Gateway.Api.Queries;

/// <summary>
/// History as <see cref="CachedHistoryReader"/> stitched it: per variant its buckets in time order, and where
/// stretches of them are a cached block's buckets (<see cref="CachedRun"/>), so an answer may write what the
/// block already encoded instead of formatting its numbers again.
/// </summary>
public sealed record StoredHistory(Dictionary<string, List<BucketAggregate>> Variants, Dictionary<string, List<CachedRun>>? Cached = null)
{
    /// <summary>Joins the parts in time order into one list per variant, sized once with room for <paramref name="extra"/> buckets after them.</summary>
    public static StoredHistory Stitch(
        List<(CachedBlock? Cached, Task<Dictionary<string, List<BucketAggregate>>>? Read)> parts, IEnumerable<(string Variant, int Count)> extra)
    {
        // Lists this long live on the large object heap: growing them by doubling costs collections.
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (variant, count) in extra) sizes[variant] = count;
        foreach (var (cached, read) in parts)
        {
            if (cached is not null)
                foreach (var (variant, buckets) in cached.Variants) sizes[variant] = sizes.GetValueOrDefault(variant) + buckets.Length;
            else
                foreach (var (variant, buckets) in read!.Result) sizes[variant] = sizes.GetValueOrDefault(variant) + buckets.Count;
        }

        var result = new Dictionary<string, List<BucketAggregate>>(StringComparer.Ordinal);
        var runs = new Dictionary<string, List<CachedRun>>(StringComparer.Ordinal);
        foreach (var (cached, read) in parts)
        {
            if (cached is null)
            {
                foreach (var (variant, buckets) in read!.Result) BucketsOf(result, variant, sizes).AddRange(buckets);
                continue;
            }

            for (var i = 0; i < cached.Variants.Count; i++)
            {
                var (variant, buckets) = cached.Variants[i];
                var list = BucketsOf(result, variant, sizes);
                if (!runs.TryGetValue(variant, out var variantRuns)) runs[variant] = variantRuns = [];
                variantRuns.Add(new CachedRun(list.Count, cached, i));
                list.AddRange(buckets);
            }
        }

        return new StoredHistory(result, runs);
    }

    private static List<BucketAggregate> BucketsOf(Dictionary<string, List<BucketAggregate>> result, string variant, Dictionary<string, int> sizes)
    {
        if (!result.TryGetValue(variant, out var buckets)) result[variant] = buckets = new(sizes[variant]);
        return buckets;
    }
}
