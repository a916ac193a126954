using TSMetrics.Grains;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Tests.Unit;

public sealed class SeriesWindowTests
{
    private const long Second = 1_000_000;
    private const long Minute = 60 * Second;
    private static readonly long Now = 1_800_000_000 * Second;

    private static readonly SeriesWindowOptions Options = new()
    {
        SecondBuckets = TimeSpan.FromMinutes(15),
        MinuteBuckets = TimeSpan.FromHours(24),
        HourBuckets = TimeSpan.FromDays(7),
    };

    [Fact]
    public void FoldCountsEachVariantSeparatelyAndMapsBatchVariantsByName()
    {
        var window = new SeriesWindow(Options);
        window.Fold(new PointBatch(["B", "A"], [new(Now, 1, 0), new(Now, 2, 1), new(Now, 3, 1)]), Now);
        window.Fold(new PointBatch(["A"], [new(Now, 4, 0)]), Now);

        var (_, variants) = window.Query(new LiveSeriesRequest(Now - Minute, Now + Second, Second), Now);
        var a = Assert.Single(variants, v => v.Variant == "A");
        var b = Assert.Single(variants, v => v.Variant == "B");
        Assert.Equal(3, a.Buckets.Single().Stats.Count);
        Assert.Equal(9, a.Buckets.Single().Stats.Sum);
        Assert.Equal(1, b.Buckets.Single().Stats.Count);
    }

    [Fact]
    public void CoarseGranularitySumsFineBucketsByCountNotByAveragingAverages()
    {
        var window = new SeriesWindow(Options);
        var minuteStart = Now / Minute * Minute;
        window.Fold(new PointBatch(["A"], [new(minuteStart, 10, 0), new(minuteStart + 30 * Second, 20, 0), new(minuteStart + 31 * Second, 30, 0)]), Now);

        var (_, variants) = window.Query(new LiveSeriesRequest(minuteStart, minuteStart + Minute, Minute), minuteStart + Minute - 1);
        var bucket = variants.Single().Buckets.Single();
        Assert.Equal(3, bucket.Stats.Count);
        Assert.Equal(20, bucket.Stats.Mean);
    }

    [Fact]
    public void CoverageStartsOnAGranularityBoundarySoNoOutputBucketIsSplit()
    {
        var window = new SeriesWindow(Options);
        window.Fold(new PointBatch(["A"], [new(Now, 1, 0)]), Now);

        var fiveMinutes = 5 * Minute;
        var (coveredFrom, _) = window.Query(new LiveSeriesRequest(Now - TimeSpan.FromDays(2).Ticks / 10, Now, fiveMinutes), Now);

        Assert.Equal(0, coveredFrom % fiveMinutes);
        // The minute ring reaches back 24 h; 5-minute buckets start at or after its oldest whole minute.
        Assert.InRange(Now - coveredFrom, TimeSpan.FromHours(24).Ticks / 10 - fiveMinutes, TimeSpan.FromHours(24).Ticks / 10);
    }

    [Fact]
    public void HourMultiplesAreAnsweredFromTheHourRingWhichReachesBackFurthest()
    {
        var window = new SeriesWindow(Options);
        var threeDaysAgo = Now - TimeSpan.FromDays(3).Ticks / 10;
        window.Fold(new PointBatch(["A"], [new(threeDaysAgo, 5, 0)]), Now);

        var (coveredFrom, variants) = window.Query(new LiveSeriesRequest(Now - TimeSpan.FromDays(5).Ticks / 10, Now, 3_600 * Second), Now);

        Assert.True(coveredFrom <= threeDaysAgo);
        Assert.Equal(1, variants.Single().Buckets.Single().Stats.Count);
    }

    [Fact]
    public void CollectAndRestoreRoundTripEverythingPending()
    {
        var window = new SeriesWindow(Options);
        window.Fold(new PointBatch(["A", "B"], [new(Now, 1, 0), new(Now, 2, 1)]), Now);
        var rows = new List<RollupRow>();
        var seen = new List<VariantSeen>();
        window.CollectPending(rows, seen, []);

        Assert.Equal(2 * RollupTierTable.All.Length, rows.Count); // 2 variants x every tier
        Assert.Equal(2, seen.Count);

        window.RestorePending(rows, seen, []);
        var again = new List<RollupRow>();
        window.CollectPending(again, [], []);
        Assert.Equal(rows.OrderBy(r => (r.Resolution, r.VariantIndex)), again.OrderBy(r => (r.Resolution, r.VariantIndex)));
    }
}
