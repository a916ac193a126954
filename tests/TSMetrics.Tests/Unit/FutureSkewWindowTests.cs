using TSMetrics.Grains;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Tests.Unit;

/// <summary>
/// A client whose clock runs ahead sends points up to the accepted skew in the future. Such a point must
/// never take the ring slot of a bucket that is still inside the window the grain answers for.
/// </summary>
public sealed class FutureSkewWindowTests
{
    private const long Second = 1_000_000;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    private static readonly SeriesWindowOptions Options = new()
    {
        SecondBuckets = TimeSpan.FromMinutes(15),
        MinuteBuckets = TimeSpan.FromHours(24),
        HourBuckets = TimeSpan.FromDays(7),
        MaxFutureSkew = Skew,
    };

    public static TheoryData<Resolution, long> EdgesOfTheSkew => new()
    {
        // Each resolution, with "now" placed so that now + skew lands as far into the future as it can.
        { Resolution.Second, 1_800_000_000 * Second + 999_999 },
        { Resolution.Minute, 1_800_000_000 * Second / Minute * Minute + Minute - 1 },
        { Resolution.Hour, 1_800_000_000 * Second / Hour * Hour + Hour - 1 },
    };

    [Theory]
    [MemberData(nameof(EdgesOfTheSkew))]
    public void APointAtTheEdgeOfTheSkewLeavesEveryBucketOfTheWindowInPlace(Resolution resolution, long now)
    {
        var (window, oldest, slots) = FullWindowAndAFuturePoint(resolution, now);
        var width = resolution.Micros();

        var (coveredFrom, variants) = window.Query(new LiveSeriesRequest(oldest, now + 1, width), now);
        Assert.Equal(oldest, coveredFrom);
        var buckets = Assert.Single(variants).Buckets;
        Assert.Equal(slots, buckets.Length);
        Assert.All(buckets, bucket => Assert.Equal(1, bucket.Stats.Count));
    }

    [Theory]
    [MemberData(nameof(EdgesOfTheSkew))]
    public void WindowTotalsKeepTheOldestBucketsAndCountTheFuturePointOnce(Resolution resolution, long now)
    {
        var (window, oldest, slots) = FullWindowAndAFuturePoint(resolution, now);

        var totals = window.Totals(oldest, now + Skew.Ticks / 10 + 1, now);

        Assert.Equal(oldest, totals.CoveredFromMicros);
        var stats = Assert.Single(totals.Variants).Stats;
        Assert.Equal(slots + 1, stats.Count);
        Assert.Equal(slots + 100, stats.Sum);
    }

    [Fact]
    public void APointBeyondTheRingsFutureRoomIsFlushedButEvictsNothing()
    {
        var window = new SeriesWindow(Options);
        var now = 1_800_000_000 * Second;
        window.Fold(new PointBatch(["A"], [new(now - 10 * Minute, 1, 0)]), now);
        // Further ahead than any accepted skew (the silo's clock may lag the gateway's): kept for storage only.
        window.Fold(new PointBatch(["A"], [new(now + 2 * Hour, 5, 0)]), now);

        var (_, variants) = window.Query(new LiveSeriesRequest(now - 15 * Minute, now + 1, Second), now);
        Assert.Equal(1, Assert.Single(Assert.Single(variants).Buckets).Stats.Count);
        var rows = new List<RollupRow>();
        window.CollectPending(rows, [], []);
        Assert.Contains(rows, row => row.Resolution == Resolution.Second && row.BucketIndex == (now + 2 * Hour) / Second);
    }

    // One point in every bucket the ring answers for, oldest first, then one at the edge of the skew.
    private static (SeriesWindow Window, long Oldest, int Slots) FullWindowAndAFuturePoint(Resolution resolution, long now)
    {
        var window = new SeriesWindow(Options);
        var width = resolution.Micros();
        var slots = Options.SlotsFor(resolution);
        var oldest = (now / width - slots + 1) * width;
        for (var start = oldest; start <= now; start += width) window.Fold(new PointBatch(["A"], [new(start, 1, 0)]), now);
        window.Fold(new PointBatch(["A"], [new(now + Skew.Ticks / 10, 100, 0)]), now);
        return (window, oldest, slots);
    }
}
