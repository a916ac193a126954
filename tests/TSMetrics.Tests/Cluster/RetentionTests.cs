using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using TSMetrics.Grains.Storage;
using TSMetrics.Silo.Storage;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class RetentionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task RawPointsOlderThanRetentionAreDroppedAndRecentOnesKept()
    {
        var test = Names.Unique("retention");
        await InsertJournalRowAsync(test, DateTime.UtcNow.AddDays(-30));
        await InsertJournalRowAsync(test, DateTime.UtcNow.AddHours(-1));
        var retention = new RetentionService(
            fixture.Database.Owner, Options.Create(new StorageOptions { RawRetention = TimeSpan.FromDays(7) }),
            TimeProvider.System, NullLogger<RetentionService>.Instance);

        var dropped = await retention.RunOnceAsync(CancellationToken.None);

        Assert.True(dropped >= 1);
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.point_batches WHERE test = $1", test));
        Assert.Equal(1, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.point_batches WHERE test = $1 AND hour > now() - interval '1 day'", test));
    }

    private async Task InsertJournalRowAsync(string test, DateTime at)
    {
        await using var insert = fixture.Database.Owner.CreateCommand("""
            INSERT INTO tsm.point_batches (test, metric, variant, seq, hour, first_time, last_time, point_count, times, vals)
            VALUES ($1, 'm', 'A', 1, date_trunc('hour', $2), $2, $2, 1, ARRAY[$2], ARRAY[1.0])
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = test });
        insert.Parameters.Add(new NpgsqlParameter { Value = at });
        await insert.ExecuteNonQueryAsync();
    }
}
