using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using TSMetrics.LoadGen;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>
/// The peer of durable ingest: what a user would do without TSMetrics, bulk-loading the same points with
/// binary COPY into a row-per-point hypertable indexed by series and time, in its own scratch database.
/// </summary>
public sealed class CopyPeer(TestDatabase database)
{
    public const int RowsPerCopy = 10_000;
    public const int Connections = 2;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS points (time timestamptz NOT NULL, test text NOT NULL, metric text NOT NULL, variant text NOT NULL,
                                           value double precision NOT NULL, user_id text);
        SELECT create_hypertable('points', by_range('time', INTERVAL '1 day'), if_not_exists => true);
        CREATE INDEX IF NOT EXISTS points_series_time ON points (test, metric, time DESC);
        """;

    private const string Copy = "COPY points (time, test, metric, variant, value, user_id) FROM STDIN (FORMAT BINARY)";

    public async Task CreateAsync()
    {
        await using var command = database.Owner.CreateCommand(Schema);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Loads the points and answers rows per second and the CPU seconds it took (database backends and this client).</summary>
    public async Task<(double RowsPerSecond, double CpuSeconds)> LoadAsync(IReadOnlyList<LoadPoint> points)
    {
        var chunks = points.Chunk(RowsPerCopy).ToArray();
        var next = -1;
        var connections = new NpgsqlConnection[Connections];
        for (var i = 0; i < Connections; i++) connections[i] = await database.Owner.OpenConnectionAsync();
        var backends = ProcessCpu.Snapshot(await database.BackendPidsAsync());
        var client = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(connections.Select(async connection =>
        {
            for (var at = Interlocked.Increment(ref next); at < chunks.Length; at = Interlocked.Increment(ref next))
                await CopyChunkAsync(connection, chunks[at]);
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = ProcessCpu.Used(backends, ProcessCpu.Snapshot(backends.Keys)) + (Process.GetCurrentProcess().TotalProcessorTime - client).TotalSeconds;
        foreach (var connection in connections) await connection.DisposeAsync();
        return (points.Count / seconds, cpu);
    }

    private static async Task CopyChunkAsync(NpgsqlConnection connection, LoadPoint[] rows)
    {
        await using var importer = await connection.BeginBinaryImportAsync(Copy);
        foreach (var row in rows)
        {
            await importer.StartRowAsync();
            await importer.WriteAsync(DateTime.UnixEpoch.AddSeconds(row.UnixSeconds ?? 0), NpgsqlDbType.TimestampTz);
            await importer.WriteAsync(row.Test, NpgsqlDbType.Text);
            await importer.WriteAsync(row.Metric, NpgsqlDbType.Text);
            await importer.WriteAsync(row.Variant, NpgsqlDbType.Text);
            await importer.WriteAsync(row.Value, NpgsqlDbType.Double);
            if (row.UserId is null) await importer.WriteNullAsync();
            else await importer.WriteAsync(row.UserId, NpgsqlDbType.Text);
        }

        await importer.CompleteAsync();
    }
}
