using Npgsql;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class SeriesGrainTests(ClusterFixture fixture)
{
    private const long Minute = 60_000_000;

    [Fact]
    public async Task IngestAcknowledgesOnlyAfterThePointsAreInTheJournal()
    {
        var key = new SeriesKey(Names.Unique("t"), "latency");
        var now = NowMicros();
        var points = Enumerable.Range(0, 1_000).Select(i => new SeriesPoint(now - i, i, i % 2, $"u{i}")).ToArray();

        var accepted = await Grain(key).IngestAsync(new PointBatch(["A", "B"], points));

        Assert.Equal(1_000, accepted);
        Assert.Equal(1_000, await fixture.Database.ScalarAsync(
            "SELECT coalesce(sum(point_count), 0) FROM tsm.point_batches WHERE test = $1 AND metric = $2", key.Test, key.Metric));
    }

    [Fact]
    public async Task LiveSeriesCountsEveryAcknowledgedPointOncePerVariant()
    {
        var key = new SeriesKey(Names.Unique("t"), "clicks");
        var now = NowMicros();
        var grain = Grain(key);
        var calls = Enumerable.Range(0, 20).Select(c =>
            grain.IngestAsync(new PointBatch(["A", "B"], Enumerable.Range(0, 50).Select(i => new SeriesPoint(now, 1, (c + i) % 2)).ToArray())));
        await Task.WhenAll(calls);

        var live = await grain.GetLiveSeriesAsync(new LiveSeriesRequest(now / Minute * Minute, now + Minute, Minute));

        Assert.Equal(1_000, live.Variants.Sum(v => v.Buckets.Sum(b => b.Stats.Count)));
        Assert.Equal(500, live.Variants.Single(v => v.Variant == "A").Buckets.Sum(b => b.Stats.Count));
    }

    [Fact]
    public async Task FlushWritesRollupsAtEveryResolutionAndAdvancesTheWatermark()
    {
        var key = new SeriesKey(Names.Unique("t"), "cpu");
        var now = NowMicros();
        await Grain(key).IngestAsync(new PointBatch(["A"], [new(now, 2, 0), new(now, 4, 0), new(now, 9, 0)]));

        foreach (var table in new[] { "tsm.rollup_1s", "tsm.rollup_1m", "tsm.rollup_1h" })
        {
            await Eventually.MatchesAsync(
                () => fixture.Database.ScalarAsync($"SELECT coalesce(sum(count), 0) FROM {table} WHERE test = $1 AND metric = $2", key.Test, key.Metric),
                count => count == 3, $"3 points flushed to {table}");
        }

        Assert.Equal(15, await fixture.Database.ScalarAsync("SELECT sum(sum) FROM tsm.rollup_1m WHERE test = $1 AND metric = $2", key.Test, key.Metric));
        await Eventually.MatchesAsync(
            () => fixture.Database.ScalarAsync("SELECT coalesce(max(flushed_seq), 0) FROM tsm.series_watermarks WHERE test = $1 AND metric = $2", key.Test, key.Metric),
            seq => seq >= 1, "the watermark advancing");
    }

    [Fact]
    public async Task AReactivatedGrainRebuildsItsWindowFromRollupsAndTheUnflushedJournal()
    {
        var key = new SeriesKey(Names.Unique("t"), "latency");
        var now = NowMicros();
        await Grain(key).IngestAsync(new PointBatch(["A", "B"], [new(now, 10, 0), new(now, 20, 1)]));
        await Eventually.MatchesAsync(
            () => fixture.Database.ScalarAsync("SELECT coalesce(sum(count), 0) FROM tsm.rollup_1s WHERE test = $1 AND metric = $2", key.Test, key.Metric),
            count => count == 2, "the first points being flushed");

        // Points a crashed silo acknowledged but never flushed: in the journal above the watermark.
        await using (var insert = fixture.Database.Owner.CreateCommand("""
            INSERT INTO tsm.point_batches (test, metric, variant, seq, hour, first_time, last_time, point_count, times, vals)
            VALUES ($1, $2, 'B', 1000, date_trunc('hour', $3), $3, $3, 2, ARRAY[$3, $3], ARRAY[30.0, 40.0])
            """))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = key.Test });
            insert.Parameters.Add(new NpgsqlParameter { Value = key.Metric });
            insert.Parameters.Add(new NpgsqlParameter { Value = UnixTime.FromMicros(now) });
            await insert.ExecuteNonQueryAsync();
        }

        await fixture.DeactivateAllGrainsAsync();
        var live = await Grain(key).GetLiveSeriesAsync(new LiveSeriesRequest(now / Minute * Minute, now + Minute, Minute));

        Assert.Equal(1, live.Variants.Single(v => v.Variant == "A").Buckets.Sum(b => b.Stats.Count));
        var b = live.Variants.Single(v => v.Variant == "B").Buckets.Single().Stats;
        Assert.Equal((3L, 90.0), (b.Count, b.Sum));

        // The next flush adds the recovered points to the rollups exactly once.
        await Eventually.MatchesAsync(
            () => fixture.Database.ScalarAsync("SELECT coalesce(sum(count), 0) FROM tsm.rollup_1m WHERE test = $1 AND metric = $2", key.Test, key.Metric),
            count => count == 4, "recovered points being flushed");
        Assert.Equal(1000, await fixture.Database.ScalarAsync("SELECT flushed_seq FROM tsm.series_watermarks WHERE test = $1 AND metric = $2", key.Test, key.Metric));
    }

    [Fact]
    public async Task LatePointsOlderThanEveryWindowAreStoredAndCountedInHistory()
    {
        var key = new SeriesKey(Names.Unique("t"), "latency");
        var late = NowMicros() - TimeSpan.FromHours(30).Ticks / 10; // the test window keeps 1 day of hours

        await Grain(key).IngestAsync(new PointBatch(["A"], [new(late, 7, 0)]));

        await Eventually.MatchesAsync(
            () => fixture.Database.ScalarAsync("SELECT coalesce(sum(count), 0) FROM tsm.rollup_1h WHERE test = $1 AND metric = $2", key.Test, key.Metric),
            count => count == 1, "the late point reaching the hourly rollup");
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.rollup_1m WHERE test = $1 AND metric = $2", key.Test, key.Metric));
    }

    [Fact]
    public async Task AMetricDefinitionIsStoredAndSurvivesReactivation()
    {
        var key = new SeriesKey(Names.Unique("t"), "latency");
        await Grain(key).DefineAsync(new MetricDefinition("ms", MetricDirection.Lower, MetricKind.Mean, "p50"));

        await fixture.DeactivateAllGrainsAsync();

        Assert.Equal(new MetricDefinition("ms", MetricDirection.Lower, MetricKind.Mean, "p50"), await Grain(key).GetDefinitionAsync());
    }

    [Fact]
    public async Task ABatchThatBreaksTheGrainsInvariantsIsRefusedBeforeAnythingIsStored()
    {
        var key = new SeriesKey(Names.Unique("t"), "latency");

        await Assert.ThrowsAsync<ArgumentException>(() => Grain(key).IngestAsync(new PointBatch(["A"], [new(NowMicros(), 1, 0), new(NowMicros(), 1, 3)])));

        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.point_batches WHERE test = $1", key.Test));
    }

    private ISeriesGrain Grain(SeriesKey key) => fixture.Grains.GetGrain<ISeriesGrain>(key.ToGrainKey());

    private static long NowMicros() => UnixTime.ToMicros(DateTime.UtcNow);
}
