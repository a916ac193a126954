using Microsoft.Extensions.Options;
using TSMetrics.Grains;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Grains.Storage;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Cluster;

/// <summary>
/// String values in the journal: written by the COPY writer, given back by the replay a series grain runs on
/// activation (after a silo restart or a deactivation), and marking their metric as one with strings.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StringValueJournalTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheJournalReplayGivesBackEveryStringValueWithItsPoint()
    {
        // A series no grain holds: its journal rows stay above the watermark until the silos' catch-up
        // (10 s and more later) activates it, so the replay reads exactly what was written.
        var key = new SeriesKey(Names.Unique("t"), "method");
        var now = UnixTime.ToMicros(DateTime.UtcNow);
        var points = new SeriesPoint[]
        {
            new(now - 3, 0, 0, "u1", Category: "paypal"), new(now - 2, 7.5, 1), new(now - 1, 0, 1, Category: "😀 支付宝 \"é\""),
        };
        await using (var journal = new PointJournal(fixture.Database.Owner, Options.Create(new StorageOptions())))
            await journal.AppendAsync(new JournalEntry(key, 1, [new PointBatch(["A", "B"], points, "batch-1")]));

        var snapshot = await new SeriesLoader(fixture.Database.Owner).LoadAsync(key, new SeriesWindowOptions(), TimeSpan.FromMinutes(15), now, CancellationToken.None);

        var replayed = snapshot.Unflushed.SelectMany(b => b.Points.Select(p => (b.Variants[p.VariantIndex], p.UnixMicros, p.Value, p.Category))).OrderBy(p => p.UnixMicros);
        Assert.Equal([("A", now - 3, 0.0, "paypal"), ("B", now - 2, 7.5, null), ("B", now - 1, 0.0, "😀 支付宝 \"é\"")], replayed);
        Assert.Equal("u1", snapshot.Unflushed.SelectMany(b => b.Points).Single(p => p.Category == "paypal").UserId);
        Assert.Equal(["batch-1"], snapshot.RecentBatchIds.Select(b => b.BatchId));
        Assert.True(await fixture.Database.ScalarAsync<bool>("SELECT has_strings FROM tsm.metrics WHERE test = $1 AND name = $2", key.Test, key.Metric));
    }

    [Fact]
    public async Task RowsOfNumbersOnlyStoreNoCategoriesAndLeaveTheirMetricNumeric()
    {
        var key = new SeriesKey(Names.Unique("t"), "latency");
        var now = UnixTime.ToMicros(DateTime.UtcNow);
        await using (var journal = new PointJournal(fixture.Database.Owner, Options.Create(new StorageOptions())))
            await journal.AppendAsync(new JournalEntry(key, 1, [new PointBatch(["A"], [new SeriesPoint(now, 12, 0)])]));

        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.point_batches WHERE test = $1 AND categories IS NULL", key.Test));
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.metrics WHERE test = $1 AND has_strings", key.Test));
    }
}
