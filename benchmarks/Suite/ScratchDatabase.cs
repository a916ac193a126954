using Npgsql;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>A database of its own on the local TimescaleDB, created with the extension and dropped at the end.</summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string _admin;

    private ScratchDatabase(string admin, string name, string server)
    {
        _admin = admin;
        Name = name;
        OwnerConnectionString = $"{server};Database={name};Username=tsmetrics;Password=tsmetrics;Maximum Pool Size=50";
        ApiConnectionString = $"{server};Database={name};Username=tsmetrics_api;Password=tsmetrics_api;Maximum Pool Size=30";
        Owner = NpgsqlDataSource.Create(OwnerConnectionString);
    }

    public string Name { get; }

    public string OwnerConnectionString { get; }

    public string ApiConnectionString { get; }

    public NpgsqlDataSource Owner { get; }

    public static async Task<ScratchDatabase> CreateAsync(SuiteOptions options, string name)
    {
        var server = $"Host={options.PostgresHost};Port={options.PostgresPort}";
        await using (var connection = new NpgsqlConnection(options.AdminConnectionString))
        {
            await connection.OpenAsync();
            await Execute(connection, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await Execute(connection, $"CREATE DATABASE {name} OWNER tsmetrics");
        }

        await using (var connection = new NpgsqlConnection($"{server};Username=postgres;Database={name};Pooling=false"))
        {
            await connection.OpenAsync();
            await Execute(connection, "CREATE EXTENSION IF NOT EXISTS timescaledb");
        }

        return new ScratchDatabase(options.AdminConnectionString, name, server);
    }

    /// <summary>Process ids of the server backends connected to this database (their CPU is the database's work for it).</summary>
    public async Task<int[]> BackendPidsAsync()
    {
        await using var connection = new NpgsqlConnection(_admin);
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
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await Execute(connection, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
