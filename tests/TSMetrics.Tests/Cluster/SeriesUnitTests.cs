using Npgsql;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics.Sketches;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class SeriesUnitTests(ClusterFixture fixture)
{
    [Fact]
    public async Task UserTotalsAreFlushedWithTheRollupsAndRebuiltExactlyFromThemAndTheJournalTail()
    {
        var key = new SeriesKey(Names.Unique("t"), "latency");
        var now = UnixTime.ToMicros(DateTime.UtcNow);
        var grain = Grain(key);
        await grain.IngestAsync(new PointBatch(["A", "B"], [new(now, 10, 0, "u1"), new(now, 20, 0, "u1"), new(now, 5, 0, "u2"), new(now, 7, 1, "u3"), new(now, 1, 1)]));
        // A retry of the same batch id counts once.
        var retried = new PointBatch(["A"], [new(now, 3, 0, "u2")]) { BatchId = Names.Unique("b") };
        await grain.IngestAsync(retried);
        await grain.IngestAsync(retried);
        await grain.CatchUpAsync();
        Assert.Equal(3, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.unit_totals WHERE test = $1 AND metric = $2", key.Test, key.Metric));
        Assert.Equal(38, await fixture.Database.ScalarAsync("SELECT sum(sum) FROM tsm.unit_totals WHERE test = $1 AND variant = 'A'", key.Test));
        var before = await grain.GetWindowAsync(now - 60_000_000, now + 60_000_000);

        // Acknowledged but never flushed (a crash): in the journal above the watermark, with its user ids.
        await using (var insert = fixture.Database.Owner.CreateCommand("""
            INSERT INTO tsm.point_batches (test, metric, variant, seq, hour, first_time, last_time, point_count, times, vals, user_ids)
            VALUES ($1, $2, 'A', 1000, date_trunc('hour', $3), $3, $3, 2, ARRAY[$3, $3], ARRAY[4.0, 6.0], ARRAY['u1', 'u4'])
            """))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = key.Test });
            insert.Parameters.Add(new NpgsqlParameter { Value = key.Metric });
            insert.Parameters.Add(new NpgsqlParameter { Value = UnixTime.FromMicros(now) });
            await insert.ExecuteNonQueryAsync();
        }

        await fixture.DeactivateAllGrainsAsync();
        var after = await Grain(key).GetWindowAsync(now - 60_000_000, now + 60_000_000);

        var a = before.Units!.Single(u => u.Variant == "A");
        Assert.Equal((2L, 38.0, 4.0), (a.Units, a.SumX, a.SumY));
        Assert.Equal(30.0 * 30 + 8 * 8, a.SumXSquared);
        Assert.Equal(1, before.Units!.Single(u => u.Variant == "B").Units);
        var rebuilt = after.Units!.Single(u => u.Variant == "A");
        Assert.Equal((3L, 48.0, 6.0), (rebuilt.Units, rebuilt.SumX, rebuilt.SumY));
        Assert.Equal(34.0 * 34 + 8 * 8 + 6 * 6, rebuilt.SumXSquared);
        Assert.Equal(before.Units!.Single(u => u.Variant == "B"), after.Units!.Single(u => u.Variant == "B"));

        // The next flush adds only the recovered points.
        await Grain(key).CatchUpAsync();
        Assert.Equal(48, await fixture.Database.ScalarAsync("SELECT sum(sum) FROM tsm.unit_totals WHERE test = $1 AND variant = 'A'", key.Test));
    }

    [Fact]
    public async Task UsersSeenInTwoVariantsAreLeftOutOfBothAndStayOutAfterAReactivation()
    {
        var key = new SeriesKey(Names.Unique("t"), "latency");
        var now = UnixTime.ToMicros(DateTime.UtcNow);
        var grain = Grain(key);
        // u1 only in A, u2 only in B, u3 in A then in B (broken assignment), then u3 again in A.
        await grain.IngestAsync(new PointBatch(["A", "B"], [new(now, 10, 0, "u1"), new(now, 20, 1, "u2"), new(now, 5, 0, "u3")]));
        await grain.IngestAsync(new PointBatch(["B"], [new(now, 7, 0, "u3")]));
        await grain.IngestAsync(new PointBatch(["A"], [new(now, 9, 0, "u3")]));

        var live = await grain.GetWindowAsync(now - 60_000_000, now + 60_000_000);
        await grain.CatchUpAsync();
        await fixture.DeactivateAllGrainsAsync();
        var rebuilt = await Grain(key).GetWindowAsync(now - 60_000_000, now + 60_000_000);

        foreach (var window in new[] { live, rebuilt })
        {
            Assert.Equal(1, window.CrossedUnits);
            var a = window.Units!.Single(u => u.Variant == "A");
            var b = window.Units!.Single(u => u.Variant == "B");
            Assert.Equal((1L, 10.0, 1.0), (a.Units, a.SumX, a.SumY));
            Assert.Equal((1L, 20.0, 1.0), (b.Units, b.SumX, b.SumY));
        }

        // Stored whole, so the rebuild can tell: u3's totals are kept in both variants.
        Assert.Equal(10 + 5 + 9, await fixture.Database.ScalarAsync("SELECT sum(sum) FROM tsm.unit_totals WHERE test = $1 AND variant = 'A'", key.Test));
    }

    [Fact]
    public async Task UnitTotalsWaitForTheirIntervalWhileRollupsFlushAndAnActivationReplaysTheJournalAboveTheirWatermark()
    {
        var key = new SeriesKey(Names.Unique("t"), "latency");
        var now = UnixTime.ToMicros(DateTime.UtcNow);
        var grain = Grain(key);
        await grain.IngestAsync(new PointBatch(["A", "B"], [new(now, 10, 0, "u1"), new(now, 20, 0, "u1"), new(now, 5, 0, "u2"), new(now, 7, 1, "u3")]));
        await grain.IngestAsync(new PointBatch(["A"], [new(now, 3, 0, "u2")]));

        // The timer's rollup flushes (every 200 ms here) leave the units pending: their interval is a minute.
        await Eventually.MatchesAsync(() => fixture.Database.ScalarAsync("SELECT coalesce(sum(count), 0) FROM tsm.rollup_1m WHERE test = $1", key.Test),
            n => n == 5, "the rollup flush");
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.unit_totals WHERE test = $1", key.Test));
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT units_seq FROM tsm.series_watermarks WHERE test = $1", key.Test));
        var live = await grain.GetWindowAsync(now - 60_000_000, now + 60_000_000);

        // Deactivation writes them; then storage is put back as a crash after that rollup flush would leave it.
        await fixture.DeactivateAllGrainsAsync();
        Assert.Equal(38, await fixture.Database.ScalarAsync("SELECT sum(sum) FROM tsm.unit_totals WHERE test = $1 AND variant = 'A'", key.Test));
        await fixture.Database.ScalarAsync("WITH d AS (DELETE FROM tsm.unit_parts WHERE test = $1 RETURNING 1) SELECT count(*) FROM d", key.Test);
        await fixture.Database.ScalarAsync("WITH u AS (UPDATE tsm.series_watermarks SET units_seq = 0 WHERE test = $1 RETURNING 1) SELECT count(*) FROM u", key.Test);

        var replayed = await Grain(key).GetWindowAsync(now - 60_000_000, now + 60_000_000);
        await Grain(key).CatchUpAsync();
        await fixture.DeactivateAllGrainsAsync();
        var reloaded = await Grain(key).GetWindowAsync(now - 60_000_000, now + 60_000_000);

        foreach (var window in new[] { replayed, reloaded })
        {
            Assert.Equal(live.Units!.OrderBy(u => u.Variant), window.Units!.OrderBy(u => u.Variant));
            // The replayed journal rows were in the rollups already: the buckets count them once.
            Assert.Equal(live.Variants.Select(v => v.Stats.Count), window.Variants.Select(v => v.Stats.Count));
        }

        Assert.Equal(38, await fixture.Database.ScalarAsync("SELECT sum(sum) FROM tsm.unit_totals WHERE test = $1 AND variant = 'A'", key.Test));
        Assert.Equal(1, await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM tsm.series_watermarks WHERE test = $1 AND units_seq = flushed_seq AND units_seq > 0", key.Test));
    }

    [Fact]
    public async Task AUnitFlushRewritesOnlyThePartsItsUsersFallInAndTheMigrationSplitsAsTheGrainsDo()
    {
        var key = new SeriesKey(Names.Unique("t"), "latency");
        var now = UnixTime.ToMicros(DateTime.UtcNow);
        var users = Enumerable.Range(0, 3_000).Select(i => $"u{i}").ToArray();
        await Grain(key).IngestAsync(new PointBatch(["A"], users.Select(u => new SeriesPoint(now, 1, 0, u)).ToArray()));
        await Grain(key).CatchUpAsync();
        var parts = await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.unit_parts WHERE test = $1", key.Test);
        Assert.Equal(users.Select(u => UnitPart.Of(UnitIdHash.Of(u))).Distinct().Count(), parts);
        Assert.Equal(3_000, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.unit_totals WHERE test = $1", key.Test));

        const string Versions = "SELECT string_agg(part || ':' || xmin::text, ',' ORDER BY part) FROM tsm.unit_parts WHERE test = $1";
        var before = (await fixture.Database.ScalarAsync<string>(Versions, key.Test))!.Split(',');
        await Grain(key).IngestAsync(new PointBatch(["A"], [new(now, 9, 0, "u1")]));
        await Grain(key).CatchUpAsync();
        var after = (await fixture.Database.ScalarAsync<string>(Versions, key.Test))!.Split(',');

        // Only u1's part was written again (a new row version), whole: the totals are exact.
        Assert.Equal([$"{UnitPart.Of(UnitIdHash.Of("u1"))}"], before.Except(after).Select(v => v.Split(':')[0]));
        Assert.Equal(3_009, await fixture.Database.ScalarAsync("SELECT sum(sum)::bigint FROM tsm.unit_totals WHERE test = $1", key.Test));
        Assert.Equal(3_000, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.unit_totals WHERE test = $1", key.Test));

        // db/019 moved stored rows into parts with the same split in SQL.
        var hashes = users.Select(u => unchecked((long)UnitIdHash.Of(u))).ToArray();
        await using var command = fixture.Database.Owner.CreateCommand("SELECT count(*) FROM unnest($1::bigint[]) AS h WHERE ((h >> 54) & 1023)::integer <> $2[array_position($1, h)]");
        command.Parameters.Add(new NpgsqlParameter { Value = hashes });
        command.Parameters.Add(new NpgsqlParameter { Value = users.Select(u => UnitPart.Of(UnitIdHash.Of(u))).ToArray() });
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }

    private ISeriesGrain Grain(SeriesKey key) => fixture.Grains.GetGrain<ISeriesGrain>(key.ToGrainKey());
}
