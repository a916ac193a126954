using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Tests.Unit;

public sealed class HistoryCacheTests
{
    private static readonly HistoryCacheKey Key = new(new SeriesKey("t", "m"), 1_000_000, null);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));

    [Fact]
    public void ABlockIsServedOnlyUnderTheVersionItWasReadUnder()
    {
        var cache = Cache(maxBuckets: 1_000);
        cache.Put(Key, version: 7, blockStart: 0, Block(10));

        Assert.NotNull(cache.Get(Key, 7, 0));
        Assert.Null(cache.Get(Key, 8, 0)); // a late point changed the grain's version: everything of the series goes
        Assert.Null(cache.Get(Key, 7, 0));
        Assert.Equal(0, cache.Buckets);
    }

    [Fact]
    public void ABlockIsReadAgainOnceItsLifetimeHasPassed()
    {
        var cache = Cache(maxBuckets: 1_000);
        cache.Put(Key, 1, 0, Block(10));
        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.NotNull(cache.Get(Key, 1, 0));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(cache.Get(Key, 1, 0));
    }

    [Fact]
    public void TheCacheStaysWithinItsBucketLimitDroppingTheLeastRecentlyUsedSeries()
    {
        var cache = Cache(maxBuckets: 100);
        var first = Key with { Series = new SeriesKey("t", "first") };
        cache.Put(first, 1, 0, Block(10));
        for (var i = 0; i < 30; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            cache.Put(Key with { Series = new SeriesKey("t", $"m{i}") }, 1, 0, Block(10));
            Assert.NotNull(cache.Get(first, 1, 0)); // used all along, so never the one to go
        }

        Assert.InRange(cache.Buckets, 1, 100);
        Assert.NotNull(cache.Get(first, 1, 0));
        Assert.NotNull(cache.Get(Key with { Series = new SeriesKey("t", "m29") }, 1, 0));
        Assert.Null(cache.Get(Key with { Series = new SeriesKey("t", "m0") }, 1, 0));
    }

    [Fact]
    public void ABlocksEncodedJsonCountsTowardTheBoundWhileTheCacheHoldsIt()
    {
        var cache = Cache(maxBuckets: 1_000);
        var block = Block(64);
        cache.Put(Key, 1, 0, block);
        Assert.Equal(64, cache.Buckets);

        var bytes = block.Objects(0, null).Length;
        block.Objects(0, null); // kept: encoded once
        Assert.Equal(64 + (bytes + HistoryCache.BytesPerBucket - 1) / HistoryCache.BytesPerBucket, cache.Buckets);

        // Replaced by a fresh read: the old block's encodings no longer count, the new one's do.
        var fresh = Block(64);
        cache.Put(Key, 1, 0, fresh);
        block.Columns(0, null);
        Assert.Equal(64, cache.Buckets);
        var columns = fresh.Columns(0, null).Bytes;
        Assert.Equal(64 + (columns + HistoryCache.BytesPerBucket - 1) / HistoryCache.BytesPerBucket, cache.Buckets);
    }

    [Fact]
    public void EncodingPastTheBoundEvictsTheSeries()
    {
        var cache = Cache(maxBuckets: 100);
        var block = Block(64);
        cache.Put(Key, 1, 0, block);

        block.Objects(0, null); // 64 objects of ~40 bytes: about 32 buckets more, then the columns
        block.Columns(0, null);

        Assert.Null(cache.Get(Key, 1, 0));
        Assert.Equal(0, cache.Buckets);
    }

    private HistoryCache Cache(int maxBuckets) =>
        new(Options.Create(new HistoryCacheOptions { MaxBuckets = maxBuckets }), _time);

    private CachedBlock Block(int buckets) =>
        new([("A", Enumerable.Range(0, buckets).Select(i => new BucketAggregate(i, 1, 1, 1, 1)).ToArray())], _time.GetUtcNow());
}
