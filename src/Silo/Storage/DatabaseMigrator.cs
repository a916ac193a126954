using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace TSMetrics.Silo.Storage;

/// <summary>
/// Applies the numbered SQL files of db/ in order, each once, recording them in tsm_schema_migrations.
/// A session advisory lock makes silos that start together take turns, so each file runs exactly once.
/// Runs before the silo starts, so no grain ever sees a missing table.
/// </summary>
public sealed partial class DatabaseMigrator(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger) : IHostedService
{
    private const long LockKey = 7_345_001_002;

    private const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS public.tsm_schema_migrations (
            version    integer PRIMARY KEY,
            name       text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    private const string SelectApplied = "SELECT version FROM public.tsm_schema_migrations";

    /// <summary>The highest migration applied; the readiness check compares it with <see cref="LatestVersion"/>.</summary>
    public const string SelectLatestApplied = "SELECT coalesce(max(version), 0) FROM public.tsm_schema_migrations";

    private const string RecordApplied = "INSERT INTO public.tsm_schema_migrations (version, name) VALUES ($1, $2)";

    public static string MigrationsDirectory => Path.Combine(AppContext.BaseDirectory, "db");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await Execute(connection, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            await Execute(connection, CreateHistory, cancellationToken);
            var applied = await AppliedVersionsAsync(connection, cancellationToken);
            foreach (var (version, file) in PendingFiles(applied))
            {
                var started = TimeProvider.System.GetTimestamp();
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await Execute(connection, await File.ReadAllTextAsync(file, cancellationToken), cancellationToken);
                await using (var record = new NpgsqlCommand(RecordApplied, connection))
                {
                    record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
                    record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Path.GetFileName(file) });
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                LogApplied(logger, Path.GetFileName(file), (long)TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        finally
        {
            await Execute(connection, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The highest migration number shipped with this silo: the schema is current once it is applied.</summary>
    public static int LatestVersion()
    {
        var latest = 0;
        foreach (var (version, _) in Files()) latest = Math.Max(latest, version);
        return latest;
    }

    private static IEnumerable<(int Version, string File)> PendingFiles(HashSet<int> applied)
    {
        var files = new List<(int, string)>();
        foreach (var (version, file) in Files())
            if (!applied.Contains(version)) files.Add((version, file));
        files.Sort((left, right) => left.Item1.CompareTo(right.Item1));
        return files;
    }

    private static IEnumerable<(int Version, string File)> Files()
    {
        if (!Directory.Exists(MigrationsDirectory))
            throw new InvalidOperationException($"No migrations found: {MigrationsDirectory} does not exist.");
        foreach (var file in Directory.GetFiles(MigrationsDirectory, "*.sql"))
        {
            var name = Path.GetFileName(file);
            var digits = name.AsSpan(0, name.IndexOf('_') is var end and > 0 ? end : 0);
            if (!int.TryParse(digits, out var version))
                throw new InvalidOperationException($"Migration '{name}' must start with its number, as in 001_name.sql.");
            yield return (version, file);
        }
    }

    private static async Task<HashSet<int>> AppliedVersionsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new HashSet<int>();
        await using var command = new NpgsqlCommand(SelectApplied, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetInt32(0));
        return applied;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Migration} in {ElapsedMilliseconds} ms")]
    private static partial void LogApplied(ILogger logger, string migration, long elapsedMilliseconds);
}
