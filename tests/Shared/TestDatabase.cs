using Npgsql;

namespace TSMetrics.Tests.Infrastructure;

/// <summary>
/// A fresh database on the TimescaleDB that scripts/test.sh installs and starts: created per test run (or
/// benchmark system), migrated by the silos under test, dropped at the end. The server is found through
/// TSMETRICS_PG_HOST and TSMETRICS_PG_PORT (default 127.0.0.1:5433), with the superuser only for CREATE/DROP
/// DATABASE. Shared by the tests and the benchmark suite (tests/Shared, linked into both).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private TestDatabase(string adminConnectionString, string name, string server, int poolSize)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        OwnerConnectionString = $"{server};Database={name};Username=tsmetrics;Password=tsmetrics;Maximum Pool Size={poolSize}";
        ApiConnectionString = $"{server};Database={name};Username=tsmetrics_api;Password=tsmetrics_api;Maximum Pool Size={poolSize / 2}";
        Owner = NpgsqlDataSource.Create(OwnerConnectionString);
    }

    public string Name { get; }

    public string OwnerConnectionString { get; }

    public string ApiConnectionString { get; }

    /// <summary>For assertions on what is stored, as the owner role.</summary>
    public NpgsqlDataSource Owner { get; }

    public static Task<TestDatabase> CreateAsync(string prefix) =>
        CreateAsync(prefix, Environment.GetEnvironmentVariable("TSMETRICS_PG_HOST") ?? "127.0.0.1", int.Parse(Environment.GetEnvironmentVariable("TSMETRICS_PG_PORT") ?? "5433"));

    /// <summary>
    /// A fresh database on the plain PostgreSQL 17 server without TimescaleDB that scripts/ensure-postgres-plain.sh
    /// keeps (TSMETRICS_PLAIN_PG_PORT, default 5439).
    /// </summary>
    public static Task<TestDatabase> CreatePlainAsync(string prefix) =>
        CreateAsync(prefix, Environment.GetEnvironmentVariable("TSMETRICS_PG_HOST") ?? "127.0.0.1",
            int.Parse(Environment.GetEnvironmentVariable("TSMETRICS_PLAIN_PG_PORT") ?? "5439"), timescale: false);

    /// <param name="poolSize">The owner's (silo's) connection pool; the API role (gateway) gets half.</param>
    public static async Task<TestDatabase> CreateAsync(string prefix, string host, int port, bool timescale = true, int poolSize = 40)
    {
        var server = $"Host={host};Port={port}";
        var admin = $"{server};Username=postgres;Database=postgres;Pooling=false";
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name} OWNER tsmetrics", connection);
            await create.ExecuteNonQueryAsync();
        }

        // The extension needs a superuser; the owner role then runs the project's migrations as in production.
        if (timescale)
        {
            await using var connection = new NpgsqlConnection($"{server};Username=postgres;Database={name};Pooling=false");
            await connection.OpenAsync();
            await using var extension = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS timescaledb", connection);
            await extension.ExecuteNonQueryAsync();
        }

        return new TestDatabase(admin, name, server, poolSize);
    }

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var command = Owner.CreateCommand(sql);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Points of <paramref name="test"/> in the journal: what was acknowledged, counted once per stored batch.</summary>
    public Task<long> StoredPointsAsync(string test) =>
        ScalarAsync("SELECT coalesce(sum(point_count), 0) FROM tsm.point_batches WHERE test = $1", test);

    /// <summary>The first column of the first row, as stored (null when there is no row).</summary>
    public async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = Owner.CreateCommand(sql);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>Process ids of the server backends connected to this database (their CPU is the database's work for it).</summary>
    public async Task<int[]> BackendPidsAsync()
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = $1", connection) { Parameters = { new() { Value = Name } } };
        var pids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) pids.Add(reader.GetInt32(0));
        return [.. pids];
    }

    public async ValueTask DisposeAsync()
    {
        await Owner.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
