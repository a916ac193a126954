using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Grains.Storage;
using TSMetrics.Silo.Storage;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class RetentionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task RawPointsAreDroppedByArrivalOnlyOnceTheyAreInTheRollupsAndTheUnitTotals()
    {
        var flushed = Names.Unique("retention");
        var unflushed = Names.Unique("retention");
        var unitsPending = Names.Unique("retention");
        var now = DateTime.UtcNow;
        await InsertJournalRowAsync(flushed, pointTime: now.AddDays(-30), written: now.AddDays(-30));
        await InsertWatermarkAsync(flushed, unitsSeq: 1);
        // In the rollups, not in the unit totals: its grain died between the two flushes.
        await InsertJournalRowAsync(unitsPending, pointTime: now.AddDays(-25), written: now.AddDays(-25));
        await InsertWatermarkAsync(unitsPending, unitsSeq: 0);
        // Arrived 20 days ago and still above its watermark: its grain never flushed it.
        await InsertJournalRowAsync(unflushed, pointTime: now.AddDays(-20), written: now.AddDays(-20));
        // A point from 30 days ago that arrived an hour ago: raw for the retention after its arrival.
        await InsertJournalRowAsync(flushed, pointTime: now.AddDays(-30), written: now.AddHours(-1));
        var retention = new RetentionService(
            fixture.Database.Owner, Options.Create(new StorageOptions { RawRetention = TimeSpan.FromDays(7) }), Options.Create(new RollupRetentionOptions()),
            TimeProvider.System, NullLogger<RetentionService>.Instance);

        var dropped = await retention.RunOnceAsync(CancellationToken.None);

        Assert.True(dropped >= 1);
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.point_batches WHERE test = $1", flushed));
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.point_batches WHERE test = $1 AND written > now() - interval '1 day'", flushed));
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.point_batches WHERE test = $1", unflushed));
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.point_batches WHERE test = $1", unitsPending));
    }

    [Fact]
    public async Task EachTierIsDroppedByItsOwnRetention()
    {
        var test = Names.Unique("tiers");
        var now = DateTime.UtcNow;
        foreach (var tier in RollupTierTable.All)
        {
            await InsertRollupAsync(tier.Table, test, now.AddDays(-400));
            await InsertRollupAsync(tier.Table, test, now.AddHours(-1));
        }

        var retention = new RetentionService(
            fixture.Database.Owner, Options.Create(new StorageOptions()), Options.Create(new RollupRetentionOptions()), TimeProvider.System, NullLogger<RetentionService>.Instance);
        await retention.RunOnceAsync(CancellationToken.None);

        // The tier table's defaults: seconds and minutes have a retention, hours and days are kept.
        foreach (var tier in RollupTierTable.All)
        {
            var left = await fixture.Database.ScalarAsync($"SELECT count(*) FROM {tier.Table} WHERE test = $1", test);
            Assert.True(left == (tier.Retention is null ? 2 : 1), $"{tier.Table} holds {left} rows");
        }
    }

    private async Task InsertRollupAsync(string table, string test, DateTime bucket)
    {
        await using var insert = fixture.Database.Owner.CreateCommand(
            $"INSERT INTO {table} (test, metric, variant, bucket, count, sum, m2, min, max) VALUES ($1, 'm', 'A', date_trunc('day', $2), 1, 1, 0, 1, 1)");
        insert.Parameters.Add(new NpgsqlParameter { Value = test });
        insert.Parameters.Add(new NpgsqlParameter { Value = bucket });
        await insert.ExecuteNonQueryAsync();
    }

    private async Task InsertJournalRowAsync(string test, DateTime pointTime, DateTime written)
    {
        await using var insert = fixture.Database.Owner.CreateCommand("""
            INSERT INTO tsm.point_batches (test, metric, variant, seq, hour, first_time, last_time, point_count, times, vals, written)
            VALUES ($1, 'm', 'A', 1, date_trunc('hour', $2), $2, $2, 1, ARRAY[$2], ARRAY[1.0], $3)
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = test });
        insert.Parameters.Add(new NpgsqlParameter { Value = pointTime });
        insert.Parameters.Add(new NpgsqlParameter { Value = written });
        await insert.ExecuteNonQueryAsync();
    }

    private Task InsertWatermarkAsync(string test, long unitsSeq) =>
        fixture.Database.ScalarAsync("INSERT INTO tsm.series_watermarks (test, metric, flushed_seq, units_seq) VALUES ($1, 'm', 1, $2)", test, unitsSeq);
}
