using TSMetrics.Grains;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Tests.Unit;

public sealed class AlignedCoverTests
{
    private const long Second = 1_000_000;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;
    private static readonly CoverTier[] Everything = [new(Hour, 0, long.MaxValue), new(Minute, 0, long.MaxValue), new(Second, 0, long.MaxValue)];

    [Fact]
    public void AWindowFromHalfPastIsSummedFromMinutesUntilTheHourAndFromHoursAfter()
    {
        var runs = new List<CoverRun>();
        var from = 10 * Hour + 30 * Minute;

        Assert.True(AlignedCover.TryCover(from, 13 * Hour + 5 * Minute + 7 * Second, Everything, runs));

        Assert.Equal(
            [new(1, from, 11 * Hour), new(0, 11 * Hour, 13 * Hour), new(1, 13 * Hour, 13 * Hour + 5 * Minute), new(2, 13 * Hour + 5 * Minute, 13 * Hour + 5 * Minute + 7 * Second)],
            runs);
    }

    [Fact]
    public void WithoutFineTiersAtTheEdgeTheCoverStartsAtTheFirstBoundaryItCanCoverExactly()
    {
        // Seconds and minutes only in the last hour, hours before that: 10:30 cannot be covered, 11:00 can.
        var now = 14 * Hour + 10 * Minute;
        CoverTier[] tiers = [new(Hour, 0, long.MaxValue), new(Minute, now - Hour, long.MaxValue), new(Second, now - 15 * Minute, long.MaxValue)];
        var runs = new List<CoverRun>();

        var start = AlignedCover.CoverFrom(10 * Hour + 30 * Minute, now, tiers, runs);

        Assert.Equal(11 * Hour, start);
        Assert.Equal(now, runs[^1].ToMicros);
        Assert.All(runs.Zip(runs.Skip(1)), pair => Assert.Equal(pair.First.ToMicros, pair.Second.FromMicros));
    }

    [Fact]
    public void WindowTotalsOfTheRingsCountExactlyTheAskedWindow()
    {
        var options = new SeriesWindowOptions { SecondBuckets = TimeSpan.FromMinutes(15), MinuteBuckets = TimeSpan.FromHours(24), HourBuckets = TimeSpan.FromDays(7) };
        var window = new SeriesWindow(options);
        var now = 1_800_000_000 * Second;
        // One point every minute for three days: the hour ring alone would start at the hour.
        for (var t = now - 3 * 24 * Hour; t <= now; t += Minute) window.Fold(new PointBatch(["A"], [new(t, 1, 0)]), now);
        var from = AlignedCover.FloorTo(now - 30 * Hour, Hour) + 30 * Minute;

        var (coveredFrom, coveredTo, variants) = window.Totals(from, now + Second, now);

        // 10:30 is older than the minute ring: memory starts at the next hour, and counts exactly from there.
        Assert.Equal(from + 30 * Minute, coveredFrom);
        Assert.Equal(now + Second, coveredTo);
        // The points sit on whole minutes (now is one): every minute from coveredFrom to now, and no other.
        Assert.Equal((now - coveredFrom) / Minute + 1, Assert.Single(variants).Stats.Count);
    }
}
