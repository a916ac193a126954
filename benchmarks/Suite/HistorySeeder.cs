using NpgsqlTypes;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Grains.Storage;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>
/// Puts the same history on both sides: into TSMetrics as 1-minute and 1-hour rollups written through the
/// grains' own RollupWriter (as the demo seeder does: TSMetrics cannot ingest points older than 7 days), and
/// into the peer as raw rows, one per point, by binary COPY into an indexed hypertable.
/// </summary>
public static class HistorySeeder
{
    private const string PeerSchema = """
        CREATE TABLE history (time timestamptz NOT NULL, test text NOT NULL, metric text NOT NULL, variant text NOT NULL, value double precision NOT NULL);
        SELECT create_hypertable('history', by_range('time', INTERVAL '1 day'));
        CREATE INDEX history_series_time ON history (test, metric, time DESC);
        """;

    public static async Task SeedTsMetricsAsync(TestDatabase database, SeriesKey key, HistoryData data)
    {
        var rows = new List<RollupRow>();
        var minutes = new Dictionary<(int, long), SummaryStats>();
        var hours = new Dictionary<(int, long), SummaryStats>();
        foreach (var (variant, micros, value) in data.Points())
        {
            Add(minutes, (variant, micros / Resolution.Minute.Micros()), value);
            Add(hours, (variant, micros / Resolution.Hour.Micros()), value);
        }

        foreach (var ((variant, index), stats) in minutes) rows.Add(new RollupRow(Resolution.Minute, variant, index, stats));
        foreach (var ((variant, index), stats) in hours) rows.Add(new RollupRow(Resolution.Hour, variant, index, stats));
        CoarserRollups.Add(rows, Resolution.Hour);
        var seen = Enumerable.Range(0, HistoryData.Variants.Length).Select(v => new VariantSeen(v, data.StartMicros, data.EndMicros - 1)).ToList();

        var catalog = new CatalogStore(database.Owner);
        await catalog.SaveTestAsync(key.Test, new TestDefinition("A", "Benchmark history"), CancellationToken.None);
        await catalog.SaveMetricAsync(key, new MetricDefinition("ms", MetricDirection.Lower), CancellationToken.None);
        await using var rollups = new RollupWriter(database.Owner);
        await rollups.WriteAsync(new RollupFlush(key, 0, HistoryData.Variants, rows, seen, []));
    }

    public static async Task SeedPeerAsync(TestDatabase database, SeriesKey key, HistoryData data)
    {
        await using (var command = database.Owner.CreateCommand(PeerSchema)) await command.ExecuteNonQueryAsync();
        await using (var connection = await database.Owner.OpenConnectionAsync())
        {
            await using var importer = await connection.BeginBinaryImportAsync("COPY history (time, test, metric, variant, value) FROM STDIN (FORMAT BINARY)");
            foreach (var (variant, micros, value) in data.Points())
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(UnixTime.FromMicros(micros), NpgsqlDbType.TimestampTz);
                await importer.WriteAsync(key.Test, NpgsqlDbType.Text);
                await importer.WriteAsync(key.Metric, NpgsqlDbType.Text);
                await importer.WriteAsync(HistoryData.Variants[variant], NpgsqlDbType.Text);
                await importer.WriteAsync(value, NpgsqlDbType.Double);
            }

            await importer.CompleteAsync();
        }

        // What a careful user does after a bulk load: fresh statistics (and a visibility map) for the planner.
        await using (var command = database.Owner.CreateCommand("VACUUM ANALYZE history")) await command.ExecuteNonQueryAsync();
    }

    private static void Add(Dictionary<(int, long), SummaryStats> buckets, (int, long) key, double value)
    {
        buckets.TryGetValue(key, out var stats);
        stats.Add(value);
        buckets[key] = stats;
    }
}
