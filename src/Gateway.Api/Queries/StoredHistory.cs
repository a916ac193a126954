using System.Runtime.InteropServices;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>
/// History as <see cref="CachedHistoryReader"/> stitched it: per variant its buckets in time order, and where
/// stretches of them are a whole cached block's buckets (<see cref="CachedRun"/>), so an answer may write what
/// the block already encoded instead of formatting its numbers again.
/// </summary>
public sealed record StoredHistory(Dictionary<string, List<BucketAggregate>> Variants, Dictionary<string, List<CachedRun>>? Cached = null)
{
    /// <summary>
    /// Joins the blocks (clipped to [<paramref name="fromMicros"/>, <paramref name="toMicros"/>)) and then the
    /// <paramref name="rest"/> in time order into one list per variant, sized once with room for <paramref name="extra"/> buckets after them.
    /// </summary>
    public static StoredHistory Stitch(
        List<(long Start, CachedBlock Block)> blocks, long span, long fromMicros, long toMicros,
        Dictionary<string, List<BucketAggregate>> rest, IEnumerable<(string Variant, int Count)> extra)
    {
        // Lists this long live on the large object heap: growing them by doubling costs collections.
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (variant, count) in extra) sizes[variant] = count;
        foreach (var (_, block) in blocks)
            foreach (var (variant, buckets) in block.Variants) sizes[variant] = sizes.GetValueOrDefault(variant) + buckets.Length;
        foreach (var (variant, buckets) in rest) sizes[variant] = sizes.GetValueOrDefault(variant) + buckets.Count;

        var result = new Dictionary<string, List<BucketAggregate>>(StringComparer.Ordinal);
        var runs = new Dictionary<string, List<CachedRun>>(StringComparer.Ordinal);
        foreach (var (start, block) in blocks)
        {
            var whole = start >= fromMicros && start + span <= toMicros;
            for (var i = 0; i < block.Variants.Count; i++)
            {
                var (variant, buckets) = block.Variants[i];
                var list = BucketsOf(result, variant, sizes);
                if (whole)
                {
                    if (!runs.TryGetValue(variant, out var variantRuns)) runs[variant] = variantRuns = [];
                    variantRuns.Add(new CachedRun(list.Count, block, i));
                    list.AddRange(buckets);
                }
                else
                {
                    list.AddRange(Slice(buckets, fromMicros, toMicros));
                }
            }
        }

        foreach (var (variant, buckets) in rest) BucketsOf(result, variant, sizes).AddRange(buckets);
        return new StoredHistory(result, runs);
    }

    /// <summary>The buckets in [from, to) of buckets sorted by start.</summary>
    public static ArraySegment<BucketAggregate> Slice(BucketAggregate[] buckets, long from, long to)
    {
        var start = LowerBound(buckets, from);
        return new ArraySegment<BucketAggregate>(buckets, start, LowerBound(buckets, to) - start);
    }

    /// <summary>A copy of the buckets in [from, to) of a list sorted by start.</summary>
    public static BucketAggregate[] CopyOf(List<BucketAggregate> buckets, long from, long to)
    {
        var span = CollectionsMarshal.AsSpan(buckets);
        return span[LowerBound(span, from)..LowerBound(span, to)].ToArray();
    }

    private static int LowerBound(ReadOnlySpan<BucketAggregate> buckets, long micros)
    {
        var (lo, hi) = (0, buckets.Length);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (buckets[mid].StartMicros < micros) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }

    private static List<BucketAggregate> BucketsOf(Dictionary<string, List<BucketAggregate>> result, string variant, Dictionary<string, int> sizes)
    {
        if (!result.TryGetValue(variant, out var buckets)) result[variant] = buckets = new(sizes[variant]);
        return buckets;
    }
}
