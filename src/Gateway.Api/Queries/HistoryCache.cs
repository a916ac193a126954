using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>
/// Blocks of closed history per (series, granularity, variant), each series' blocks valid for one
/// <see cref="Grains.Interfaces.LiveSeries.HistoryVersion"/> of its grain: a different version drops them all.
/// Bounded by <see cref="HistoryCacheOptions.MaxBuckets"/>: beyond it the least recently used series go. A block's
/// encoded JSON (<see cref="CachedBlock.EncodedBytes"/>) counts as the buckets of as many bytes (<see cref="BytesPerBucket"/>).
/// </summary>
public sealed class HistoryCache(IOptions<HistoryCacheOptions> options, TimeProvider time)
{
    /// <summary>About what a cached bucket takes (a <see cref="BucketAggregate"/> in its block's array).</summary>
    public const int BytesPerBucket = 80;

    private readonly ConcurrentDictionary<HistoryCacheKey, Series> _series = new();
    private readonly Lock _evicting = new();
    private long _buckets;
    private long _hits;
    private long _misses;

    public bool Enabled => options.Value.Enabled && options.Value.MaxBuckets > 0;

    public int BlockBuckets => options.Value.BlockBuckets;

    /// <summary>Buckets held now.</summary>
    public long Buckets => Interlocked.Read(ref _buckets);

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>The block starting at <paramref name="blockStart"/> if it was cached under <paramref name="version"/> and is fresh.</summary>
    public CachedBlock? Get(HistoryCacheKey key, long version, long blockStart)
    {
        CachedBlock? found = null;
        if (_series.TryGetValue(key, out var series))
        {
            lock (series)
            {
                Adopt(series, version);
                series.LastUsed = time.GetTimestamp();
                if (series.Blocks.TryGetValue(blockStart, out var entry) && time.GetUtcNow() - entry.Block.FilledAt < options.Value.BlockLifetime)
                    found = entry.Block;
            }
        }

        Interlocked.Increment(ref found is null ? ref _misses : ref _hits);
        return found;
    }

    /// <summary>Keeps <paramref name="block"/>, read from storage after the grain answered <paramref name="version"/>.</summary>
    public void Put(HistoryCacheKey key, long version, long blockStart, CachedBlock block)
    {
        var series = _series.GetOrAdd(key, _ => new Series(version));
        block.WhenEncoded((encoded, bytes) => Grow(key, blockStart, encoded, bytes));
        lock (series)
        {
            if (series.Evicted) return;
            Adopt(series, version);
            series.LastUsed = time.GetTimestamp();
            if (series.Blocks.Remove(blockStart, out var replaced)) Add(series, -replaced.Weight);
            var entry = new Entry(block) { Weight = block.BucketCount + BucketsOf(block.EncodedBytes) };
            series.Blocks[blockStart] = entry;
            Add(series, entry.Weight);
        }

        if (Buckets > options.Value.MaxBuckets) Evict();
    }

    // A block still held (the same one, not dropped or replaced) counts what it encoded.
    private void Grow(HistoryCacheKey key, long blockStart, CachedBlock block, int bytes)
    {
        if (!_series.TryGetValue(key, out var series)) return;
        lock (series)
        {
            if (series.Evicted || !series.Blocks.TryGetValue(blockStart, out var entry) || !ReferenceEquals(entry.Block, block)) return;
            var weight = BucketsOf(bytes);
            entry.Weight += weight;
            Add(series, weight);
        }

        if (Buckets > options.Value.MaxBuckets) Evict();
    }

    private static long BucketsOf(int bytes) => (bytes + BytesPerBucket - 1) / BytesPerBucket;

    // The version the grain answered last is the one that counts: blocks of any other are dropped.
    private void Adopt(Series series, long version)
    {
        if (series.Version == version) return;
        series.Blocks.Clear();
        Add(series, -series.Buckets);
        series.Version = version;
    }

    private void Add(Series series, long buckets)
    {
        series.Buckets += buckets;
        Interlocked.Add(ref _buckets, buckets);
    }

    // Rare (the cache is full): drop whole series, least recently used first, down to 90% of the limit.
    private void Evict()
    {
        lock (_evicting)
        {
            var target = options.Value.MaxBuckets * 9L / 10;
            foreach (var (key, series) in _series.OrderBy(s => s.Value.LastUsed).ToList())
            {
                if (Buckets <= target) return;
                if (!_series.TryRemove(key, out _)) continue;
                lock (series)
                {
                    series.Evicted = true;
                    series.Blocks.Clear();
                    Add(series, -series.Buckets);
                }
            }
        }
    }

    private sealed class Series(long version)
    {
        public long Version { get; set; } = version;

        public long LastUsed { get; set; }

        public long Buckets { get; set; }

        public bool Evicted { get; set; }

        public Dictionary<long, Entry> Blocks { get; } = [];
    }

    private sealed class Entry(CachedBlock block)
    {
        public CachedBlock Block => block;

        /// <summary>Buckets counted for the block: its own and its encoded JSON's.</summary>
        public long Weight { get; set; }
    }
}
