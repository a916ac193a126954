using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>
/// History in front of <see cref="HistoryReader"/>: the range is cut into blocks of
/// <see cref="HistoryCacheOptions.BlockBuckets"/> buckets aligned to the epoch; blocks that end before the
/// grain's <see cref="LiveSeries.StableBeforeMicros"/> are closed and come from the cache when it holds them
/// under the grain's current <see cref="LiveSeries.HistoryVersion"/>, or are read whole from storage (in
/// parallel) and kept, also the blocks at the edges that the range covers only in part (the answer takes its
/// part of them); only what follows the last closed block is read for the answer alone. Blocks always carry
/// their buckets' distinct users, so an answer with users reads them only for that last stretch.
/// </summary>
/// <remarks>
/// Why this never hides an acknowledged point: a block is read from storage after its grain answered, so it
/// holds every point stored before that answer. A point stored later either lies within the late horizon
/// of the grain's clock then, which is after every block closed at the answer, or it lies before, and then
/// the grain changed its version before acknowledging it, which drops the series' blocks at the next query.
/// A block read whole beyond the range's end (the grain's memory answers from there) lends the answer only
/// what lies before that end, so nothing is counted twice.
/// </remarks>
public sealed class CachedHistoryReader(StoredStretch history, HistoryCache cache, TimeProvider time)
{
    public async Task<StoredHistory> ReadAsync(
        SeriesRequest request, long toMicros, LiveSeries live, double[]? quantiles, CancellationToken cancellationToken)
    {
        var granularity = request.GranularityMicros;
        var span = granularity * cache.BlockBuckets;
        var firstBlock = FloorTo(request.FromMicros, span);
        var closedEnd = Math.Min(CeilingTo(toMicros, span), FloorTo(live.StableBeforeMicros, span));
        // Blocks hold what every answer of their key has (numbers, categories, users); quantiles depend on the levels asked.
        if (!cache.Enabled || !request.Cacheable || closedEnd <= firstBlock || quantiles is not null)
            return new(await history.ReadAsync(request.Key, request.FromMicros, toMicros, granularity, request.Variant, quantiles, request.WithUsers, cancellationToken));

        // In time order: runs of cached blocks and of blocks to read, each read a task, all in flight at once.
        var key = new HistoryCacheKey(request.Key, granularity, request.Variant);
        var parts = new List<Task<(long Start, CachedBlock Block)[]>>();
        var missingFrom = long.MinValue;
        for (var block = firstBlock; block < closedEnd; block += span)
        {
            if (cache.Get(key, live.HistoryVersion, block) is not { } cached)
            {
                if (missingFrom == long.MinValue) missingFrom = block;
                continue;
            }

            if (missingFrom != long.MinValue) parts.Add(ReadAndKeepAsync(key, live.HistoryVersion, missingFrom, block, span, cancellationToken));
            parts.Add(Task.FromResult(new[] { (block, cached) }));
            missingFrom = long.MinValue;
        }

        if (missingFrom != long.MinValue) parts.Add(ReadAndKeepAsync(key, live.HistoryVersion, missingFrom, closedEnd, span, cancellationToken));
        var rest = closedEnd < toMicros
            ? history.ReadAsync(request.Key, closedEnd, toMicros, granularity, request.Variant, null, request.WithUsers, cancellationToken)
            : Task.FromResult(new Dictionary<string, List<BucketAggregate>>());

        var blocks = (await Task.WhenAll(parts)).SelectMany(p => p).ToList();
        return StoredHistory.Stitch(blocks, span, request.FromMicros, toMicros, await rest, live.Variants.Select(v => (v.Variant, v.Buckets.Length)));
    }

    // Whole blocks, with their users, kept under the version the grain answered before the read.
    private async Task<(long Start, CachedBlock Block)[]> ReadAndKeepAsync(
        HistoryCacheKey key, long version, long from, long to, long span, CancellationToken cancellationToken)
    {
        var read = await history.ReadAsync(key.Series, from, to, key.GranularityMicros, key.Variant, null, withUsers: true, cancellationToken);
        var filledAt = time.GetUtcNow();
        var blocks = new (long, CachedBlock)[(to - from) / span];
        for (var i = 0; i < blocks.Length; i++)
        {
            var start = from + i * span;
            var variants = new List<(string, BucketAggregate[])>(read.Count);
            foreach (var (variant, buckets) in read)
            {
                var slice = StoredHistory.CopyOf(buckets, start, start + span);
                if (slice.Length > 0) variants.Add((variant, slice));
            }

            var block = new CachedBlock(variants, filledAt);
            cache.Put(key, version, start, block);
            blocks[i] = (start, block);
        }

        return blocks;
    }

    private static long FloorTo(long micros, long step) => micros - (((micros % step) + step) % step);

    private static long CeilingTo(long micros, long step) => -FloorTo(-micros, step);
}
