using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>
/// History in front of <see cref="HistoryReader"/>: the range is cut into blocks of
/// <see cref="HistoryCacheOptions.BlockBuckets"/> buckets aligned to the epoch; blocks that end before the
/// grain's <see cref="LiveSeries.StableBeforeMicros"/> are closed and come from the cache when it holds them
/// under the grain's current <see cref="LiveSeries.HistoryVersion"/>; the rest (the partial blocks at the edges,
/// blocks not cached yet, anything recent) is read from storage, in parallel, and closed blocks read are kept.
/// Blocks always carry their buckets' distinct users (read with every stretch that fills one), so an answer
/// with users reads them only for the stretches it reads.
/// </summary>
/// <remarks>
/// Why this never hides an acknowledged point: a block is read from storage after its grain answered, so it
/// holds every point stored before that answer. A point stored later either lies within the late horizon
/// of the grain's clock then, which is after every block closed at the answer, or it lies before, and then
/// the grain changed its version before acknowledging it, which drops the series' blocks at the next query.
/// </remarks>
public sealed class CachedHistoryReader(StoredStretch history, HistoryCache cache, TimeProvider time)
{
    public async Task<StoredHistory> ReadAsync(
        SeriesRequest request, long toMicros, LiveSeries live, double[]? quantiles, CancellationToken cancellationToken)
    {
        var granularity = request.GranularityMicros;
        var span = granularity * cache.BlockBuckets;
        var firstBlock = CeilingTo(request.FromMicros, span);
        var closedEnd = FloorTo(Math.Min(toMicros, live.StableBeforeMicros), span);
        // Blocks hold what every answer of their key has (numbers, categories); quantiles depend on the levels asked.
        if (!cache.Enabled || !request.Cacheable || closedEnd <= firstBlock || quantiles is not null)
            return new(await history.ReadAsync(request.Key, request.FromMicros, toMicros, granularity, request.Variant, quantiles, request.WithUsers, cancellationToken));

        // In time order: cached blocks, and the stretches between them to read (each a task, all in flight at once).
        var key = new HistoryCacheKey(request.Key, granularity, request.Variant);
        var parts = new List<(CachedBlock? Cached, Task<Dictionary<string, List<BucketAggregate>>>? Read)>();
        var readFrom = request.FromMicros;
        for (var block = firstBlock; block < closedEnd; block += span)
        {
            if (cache.Get(key, live.HistoryVersion, block) is not { } cached) continue;
            if (readFrom < block) parts.Add((null, ReadAndKeepAsync(key, live.HistoryVersion, readFrom, block, firstBlock, closedEnd, span, request.WithUsers, cancellationToken)));
            parts.Add((cached, null));
            readFrom = block + span;
        }

        if (readFrom < toMicros) parts.Add((null, ReadAndKeepAsync(key, live.HistoryVersion, readFrom, toMicros, firstBlock, closedEnd, span, request.WithUsers, cancellationToken)));

        await Task.WhenAll(parts.Where(p => p.Read is not null).Select(p => p.Read!));
        return StoredHistory.Stitch(parts, live.Variants.Select(v => (v.Variant, v.Buckets.Length)));
    }

    private async Task<Dictionary<string, List<BucketAggregate>>> ReadAndKeepAsync(
        HistoryCacheKey key, long version, long from, long to, long firstBlock, long closedEnd, long span, bool withUsers, CancellationToken cancellationToken)
    {
        var firstKept = Math.Max(CeilingTo(from, span), firstBlock);
        var keeps = firstKept + span <= Math.Min(to, closedEnd);
        var read = await history.ReadAsync(key.Series, from, to, key.GranularityMicros, key.Variant, null, withUsers || keeps, cancellationToken);
        var filledAt = time.GetUtcNow();
        for (var block = firstKept; block + span <= Math.Min(to, closedEnd); block += span)
        {
            var variants = new List<(string, BucketAggregate[])>(read.Count);
            foreach (var (variant, buckets) in read)
            {
                var slice = Slice(buckets, block, block + span);
                if (slice.Length > 0) variants.Add((variant, slice));
            }

            cache.Put(key, version, block, new CachedBlock(variants, filledAt));
        }

        return read;
    }

    // The buckets in [from, to) of a list sorted by start.
    private static BucketAggregate[] Slice(List<BucketAggregate> buckets, long from, long to)
    {
        var start = LowerBound(buckets, from);
        var end = LowerBound(buckets, to);
        return buckets.GetRange(start, end - start).ToArray();
    }

    private static int LowerBound(List<BucketAggregate> buckets, long micros)
    {
        var (lo, hi) = (0, buckets.Count);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (buckets[mid].StartMicros < micros) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }

    private static long FloorTo(long micros, long step) => micros - (((micros % step) + step) % step);

    private static long CeilingTo(long micros, long step) => -FloorTo(-micros, step);
}
