using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Grains.Storage;
using TSMetrics.Silo.Storage;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Storage;

/// <summary>
/// TSMetrics on plain PostgreSQL 17 without TimescaleDB (scripts/ensure-postgres-plain.sh): the migrations make
/// plain tables, points are ingested, flushed to every tier and read back as history, and retention deletes
/// each tier's rows by its own setting.
/// </summary>
public sealed class PlainPostgresTests(PlainPostgresFixture fixture) : IClassFixture<PlainPostgresFixture>
{
    [Fact]
    public async Task MigrationsMakeEveryTierAsAPlainTable()
    {
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'"));
        foreach (var tier in RollupTierTable.All)
            Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM pg_class WHERE oid = to_regclass($1) AND relkind = 'r'", tier.Table));
    }

    [Fact]
    public async Task PointsAreFlushedToEveryTierAndReadBackWithStoredHistory()
    {
        var test = Names.Unique("plain");
        var now = DateTime.UtcNow;
        var old = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc).AddDays(-2);
        await using (var insert = fixture.Database.Owner.CreateCommand(
            "INSERT INTO tsm.rollup_1h (test, metric, variant, bucket, count, sum, m2, min, max) VALUES ($1, 'm', 'A', $2, 4, 40, 0, 10, 10)"))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = test });
            insert.Parameters.Add(new NpgsqlParameter { Value = old });
            await insert.ExecuteNonQueryAsync();
        }

        var response = await fixture.Http.PostJsonAsync("/v1/points",
            $$"""[{"test": "{{test}}", "variant": "A", "metric": "m", "value": 1}, {"test": "{{test}}", "variant": "A", "metric": "m", "value": 3}]""");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        foreach (var tier in RollupTierTable.All)
        {
            await Eventually.MatchesAsync(
                () => fixture.Database.ScalarAsync($"SELECT coalesce(sum(count), 0) FROM {tier.Table} WHERE test = $1 AND bucket > now() - interval '2 days'", test),
                count => count == 2, $"the points reaching {tier.Table}");
        }

        var series = await fixture.Http.GetJsonAsync($"/v1/series?test={test}&metric=m&granularity=1h&from={ApiJson.Iso(now.AddDays(-3))}&to={ApiJson.Iso(now.AddMinutes(1))}");
        var buckets = series.GetProperty("variants")[0].GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(2, buckets.Count);
        Assert.Equal((4L, 10.0), (buckets[0].GetProperty("count").GetInt64(), buckets[0].GetProperty("avg").GetDouble()));
        Assert.Equal((2L, 2.0), (buckets[1].GetProperty("count").GetInt64(), buckets[1].GetProperty("avg").GetDouble()));
    }

    [Fact]
    public async Task StringValuesRoundTripThroughEveryFrontDoorWithoutTimescaleDb() =>
        await StringValueRoundTrip.AssertEveryDoorRoundTripsAsync(fixture.Http);

    [Fact]
    public async Task RetentionDeletesEachTierByItsOwnSettingAndOnlyFlushedJournalRows()
    {
        var test = Names.Unique("plainret");
        var now = DateTime.UtcNow;
        foreach (var tier in RollupTierTable.All)
        {
            await ExecuteAsync($"INSERT INTO {tier.Table} (test, metric, variant, bucket, count, sum, m2, min, max) VALUES ($1, 'm', 'A', $2, 1, 1, 0, 1, 1)", test, now.AddDays(-400));
            await ExecuteAsync($"INSERT INTO {tier.Table} (test, metric, variant, bucket, count, sum, m2, min, max) VALUES ($1, 'm', 'A', $2, 1, 1, 0, 1, 1)", test, now.AddHours(-1));
        }

        // Journal rows written 31 and 30 days ago: seq 1 is in the rollups (watermark 1), seq 2 is not, so
        // retention deletes up to seq 2's arrival and keeps it.
        foreach (var seq in new[] { 1, 2 })
        {
            await ExecuteAsync($"""
                INSERT INTO tsm.point_batches (test, metric, variant, seq, hour, first_time, last_time, point_count, times, vals, written)
                VALUES ($1, 'm', 'A', {seq}, date_trunc('hour', $2), $2, $2, 1, ARRAY[$2], ARRAY[1.0], $2)
                """, test, now.AddDays(seq - 32));
        }

        await ExecuteAsync("INSERT INTO tsm.series_watermarks (test, metric, flushed_seq, units_seq) VALUES ($1, 'm', 1, 1)", test);
        var retention = new RetentionService(
            fixture.Database.Owner, Options.Create(new StorageOptions()), Options.Create(new RollupRetentionOptions()), TimeProvider.System, NullLogger<RetentionService>.Instance);

        Assert.True(await retention.RunOnceAsync(CancellationToken.None) >= 2);

        foreach (var tier in RollupTierTable.All)
        {
            var left = await fixture.Database.ScalarAsync($"SELECT count(*) FROM {tier.Table} WHERE test = $1", test);
            Assert.True(left == (tier.Retention is null ? 2 : 1), $"{tier.Table} holds {left} rows");
        }

        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.point_batches WHERE test = $1", test));
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.point_batches WHERE test = $1 AND seq = 2", test));
    }

    private async Task ExecuteAsync(string sql, string test, DateTime? time = null)
    {
        await using var command = fixture.Database.Owner.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = test });
        if (time is { } value) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync();
    }
}
