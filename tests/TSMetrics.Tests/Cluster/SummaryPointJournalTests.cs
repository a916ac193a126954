using TSMetrics.Grains.Interfaces;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Cluster;

/// <summary>
/// Summary points (histogram data points) through the journal: a series rebuilt from the journal alone (as
/// after a crash before any flush) and a unit-totals rebuild for a new test start both refold them exactly,
/// by their count, with their bins; and a series fed them keeps percentiles.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SummaryPointJournalTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ASeriesRefoldsItsSummaryPointsFromTheJournalAndItsUnitTotalsCountThemByCount()
    {
        var key = new SeriesKey(Names.Unique("t"), "basket");
        var now = UnixTime.ToMicros(DateTime.UtcNow);
        var grain = fixture.Grains.GetGrain<ISeriesGrain>(key.ToGrainKey());
        var small = new PointSummary(4, 1, 9, 30, [QuantileBins.KeyOf(2), QuantileBins.KeyOf(8)], [3, 1]);
        var large = new PointSummary(10, 5, 50, 900, [QuantileBins.KeyOf(10), QuantileBins.KeyOf(40)], [6, 4]);
        await grain.IngestAsync(new PointBatch(["A", "B"],
        [
            new(now, 16, 0, "u1", Summary: small), new(now, 3, 0, "u1"), new(now - 2_000_000, 200, 1, "u2", Summary: large), new(now, 12, 1, "u3"),
        ]));

        // A metric without a definition is defined with percentiles on by its first histogram.
        Assert.True((await grain.GetDefinitionAsync()).Percentiles);
        var before = await grain.GetWindowAsync(now - 60_000_000, now + 60_000_000);
        var a = before.Variants.Single(v => v.Variant == "A");
        Assert.Equal((5L, 19.0, 1.0, 9.0), (a.Stats.Count, a.Stats.Sum, a.Stats.Min, a.Stats.Max));
        Assert.Equal(5, a.Bins!.Total());
        Assert.Equal((1L, 19.0, 5.0), Units(before, "A"));
        Assert.Equal((2L, 212.0, 11.0), Units(before, "B"));

        // A new test start rebuilds the unit totals from the journal: a summary counts as its count.
        await grain.CatchUpAsync();
        Assert.Null(await fixture.Grains.GetGrain<ITestGrain>(key.TestGrainKey).DefineAsync(new TestDefinition(Start: UnixTime.FromMicros(now - 3_600_000_000L))));
        Assert.Equal(before.Units, (await grain.GetWindowAsync(now - 60_000_000, now + 60_000_000)).Units);
        Assert.Equal(16, await fixture.Database.ScalarAsync("SELECT sum(points)::bigint FROM tsm.unit_totals WHERE test = $1 AND metric = $2", key.Test, key.Metric));

        // As after a crash before any flush: nothing in the rollups, everything in the journal above the watermark.
        await fixture.DeactivateAllGrainsAsync();
        foreach (var table in new[] { "tsm.rollup_1s", "tsm.rollup_1m", "tsm.rollup_1h", "tsm.rollup_1d", "tsm.unit_parts" })
            await fixture.Database.ScalarAsync($"WITH d AS (DELETE FROM {table} WHERE test = $1 AND metric = $2 RETURNING 1) SELECT count(*) FROM d", key.Test, key.Metric);
        await fixture.Database.ScalarAsync("WITH u AS (UPDATE tsm.series_watermarks SET flushed_seq = 0, units_seq = 0 WHERE test = $1 AND metric = $2 RETURNING 1) SELECT count(*) FROM u", key.Test, key.Metric);

        var after = await grain.GetWindowAsync(now - 60_000_000, now + 60_000_000);
        foreach (var variant in before.Variants)
        {
            var refolded = after.Variants.Single(v => v.Variant == variant.Variant);
            Assert.Equal(variant.Stats, refolded.Stats);
            Assert.Equal(Pairs(variant.Bins!), Pairs(refolded.Bins!));
        }

        Assert.Equal(before.Units, after.Units);
        // The refolded points are pending again: the next flush writes them, each summary by its count.
        await grain.CatchUpAsync();
        Assert.Equal(16, await fixture.Database.ScalarAsync("SELECT coalesce(sum(count), 0)::bigint FROM tsm.rollup_1h WHERE test = $1 AND metric = $2", key.Test, key.Metric));
    }

    private static (long Units, double SumX, double SumY) Units(WindowTotals totals, string variant)
    {
        var units = totals.Units!.Single(u => u.Variant == variant);
        return (units.Units, units.SumX, units.SumY);
    }

    private static (int, long)[] Pairs(KeyedCounts counts) => Enumerable.Range(0, counts.Length).Select(i => (counts.KeyAt(i), counts.CountAt(i))).ToArray();
}
