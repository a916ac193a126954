using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Silo.Storage;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Storage;

public sealed class DatabaseMigratorTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("tsm_migrate");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task SilosStartingAtTheSameMomentApplyEachMigrationExactlyOnce()
    {
        var files = Directory.GetFiles(DatabaseMigrator.MigrationsDirectory, "*.sql").Length;
        var sources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(_database.OwnerConnectionString)).ToList();

        await Task.WhenAll(sources.Select(source => new DatabaseMigrator(source, NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None)));
        await new DatabaseMigrator(sources[0], NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None);

        Assert.Equal(files, await _database.ScalarAsync("SELECT count(*) FROM tsm_schema_migrations"));
        Assert.Equal(files, await _database.ScalarAsync("SELECT count(DISTINCT version) FROM tsm_schema_migrations"));
        // The journal and one rollup table per tier.
        Assert.Equal(1 + RollupTierTable.All.Length, await _database.ScalarAsync("SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_schema = 'tsm'"));
        foreach (var source in sources) await source.DisposeAsync();
    }
}
