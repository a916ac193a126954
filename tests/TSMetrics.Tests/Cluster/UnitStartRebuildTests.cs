using TSMetrics.Grains.Interfaces;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Cluster;

/// <summary>A series rebuilds its unit totals for a new test start while points keep arriving.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UnitStartRebuildTests(ClusterFixture fixture)
{
    [Fact]
    public async Task PointsArrivingDuringTheRebuildCountOnceInMemoryInStorageAndAfterAReactivation()
    {
        var key = new SeriesKey(Names.Unique("t"), "latency");
        var now = UnixTime.ToMicros(DateTime.UtcNow);
        var start = now - 3_600_000_000L;
        var before = now - 7_200_000_000L;
        var grain = fixture.Grains.GetGrain<ISeriesGrain>(key.ToGrainKey());
        // Flushed, then unflushed points on both sides of the start; user u5 only before it.
        await grain.IngestAsync(Batch(0, 5, before, now));
        await grain.IngestAsync(new PointBatch(["A"], [new(before, 50, 0, "u5")]));
        await grain.CatchUpAsync();
        await grain.IngestAsync(Batch(1, 5, before, now));

        // The rebuild's transaction waits on a lock while 20 more batches are stored and folded.
        Task<string?> defining;
        await using (await TableLock.AcquireAsync(fixture.Database, "tsm.unit_windows"))
        {
            defining = fixture.Grains.GetGrain<ITestGrain>(key.TestGrainKey).DefineAsync(new TestDefinition(Start: UnixTime.FromMicros(start)));
            await Eventually.MatchesAsync(
                () => fixture.Database.ScalarAsync("SELECT count(*) FROM pg_locks WHERE relation = 'tsm.unit_windows'::regclass AND NOT granted"),
                waiting => waiting > 0, "the rebuild waiting on tsm.unit_windows");
            await Task.WhenAll(Enumerable.Range(2, 20).Select(round => grain.IngestAsync(Batch(round, 5, before, now))));
            Assert.False(defining.IsCompleted);
        }

        Assert.Null(await defining);

        // 22 rounds: each of u0..u4 one point of value round + u after the start (and one before, left out).
        var (sumX, sumY) = (Enumerable.Range(0, 22).Sum() * 5 + 10 * 22, 5 * 22);
        var live = Units(await grain.GetWindowAsync(now - 60_000_000, now + 60_000_000));
        Assert.Equal((5L, (double)sumX, (double)sumY), (live.Units, live.SumX, live.SumY));
        Assert.Equal(UnixTime.FromMicros(start), UnixTime.FromMicros((await grain.GetWindowAsync(now, now + 1)).UnitsSinceMicros!.Value));

        await grain.CatchUpAsync();
        Assert.Equal(sumX, await fixture.Database.ScalarAsync("SELECT sum(sum)::bigint FROM tsm.unit_totals WHERE test = $1 AND metric = $2", key.Test, key.Metric));
        Assert.Equal(5, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.unit_totals WHERE test = $1 AND metric = $2", key.Test, key.Metric));

        await fixture.DeactivateAllGrainsAsync();
        var rebuilt = Units(await grain.GetWindowAsync(now - 60_000_000, now + 60_000_000));
        Assert.Equal(live, rebuilt);
    }

    // u0..u(users-1) each: a point before the start (value 1,000) and one after it (value round + u).
    private static PointBatch Batch(int round, int users, long before, long after)
    {
        var points = new List<SeriesPoint>();
        for (var u = 0; u < users; u++)
        {
            points.Add(new SeriesPoint(before, 1_000, 0, $"u{u}"));
            points.Add(new SeriesPoint(after, round + u, 0, $"u{u}"));
        }

        return new PointBatch(["A"], points.ToArray());
    }

    private static VariantUnits Units(WindowTotals window) => Assert.Single(window.Units!);
}
