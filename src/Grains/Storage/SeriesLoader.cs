using Npgsql;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Storage;

/// <summary>Reads what a series grain needs to rebuild its window, in one round trip.</summary>
public sealed class SeriesLoader(NpgsqlDataSource dataSource)
{
    private const string SelectDefinition = "SELECT unit, direction, kind, description, percentiles FROM tsm.metrics WHERE test = $1 AND name = $2";

    private const string SelectSequences = """
        SELECT coalesce((SELECT flushed_seq FROM tsm.series_watermarks WHERE test = $1 AND metric = $2), 0),
               coalesce((SELECT max(seq) FROM tsm.point_batches WHERE test = $1 AND metric = $2), 0),
               coalesce((SELECT units_seq FROM tsm.series_watermarks WHERE test = $1 AND metric = $2), 0)
        """;

    private const string SelectRollups = """
        SELECT variant, bucket, count, sum, m2, min, max, bins, categories FROM {0}
        WHERE test = $1 AND metric = $2 AND bucket >= $3
        """;

    // Above either watermark: the unit totals' may trail the rollups' (db/018). One write's rows share its seq,
    // so the variant breaks the tie: a replay then meets the variants in the same order every time.
    private const string SelectUnflushed = """
        SELECT variant, times, vals, user_ids, categories, counts, mins, maxs, m2s, bins, seq FROM tsm.point_batches
        WHERE test = $1 AND metric = $2
          AND seq > coalesce((SELECT least(flushed_seq, units_seq) FROM tsm.series_watermarks WHERE test = $1 AND metric = $2), 0)
        ORDER BY seq, variant, first_time
        """;

    private const string SelectUnits = "SELECT variant, unit_hashes, points, sums FROM tsm.unit_parts WHERE test = $1 AND metric = $2";

    private const string SelectRecentBatchIds = """
        SELECT batch_id, max(written) FROM tsm.point_batches
        WHERE test = $1 AND metric = $2 AND written >= $3 AND batch_id IS NOT NULL
        GROUP BY batch_id
        """;

    // The test's start and the start the stored unit totals were computed for: a difference means a rebuild.
    private const string SelectUnitStarts = """
        SELECT (SELECT start_time FROM tsm.tests WHERE name = $1), (SELECT since FROM tsm.unit_windows WHERE test = $1 AND metric = $2)
        """;

    private const string SelectWriteExists = "SELECT EXISTS (SELECT FROM tsm.point_batches WHERE test = $1 AND metric = $2 AND seq = $3)";

    /// <summary>Whether a journal write whose outcome was unknown (the connection broke) did commit.</summary>
    public async Task<bool> JournalHasWriteAsync(SeriesKey key, long seq, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectWriteExists);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Test });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Metric });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = seq });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<SeriesSnapshot> LoadAsync(
        SeriesKey key, SeriesWindowOptions window, TimeSpan dedupeWindow, long nowMicros, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(SelectDefinition, key));
        batch.BatchCommands.Add(Command(SelectSequences, key));
        foreach (var resolution in RollupTierTable.Resolutions)
        {
            var from = (nowMicros / resolution.Micros() - window.SlotsFor(resolution) + 1) * resolution.Micros();
            var command = Command(string.Format(SelectRollups, resolution.TableName()), key);
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(from) });
            batch.BatchCommands.Add(command);
        }

        batch.BatchCommands.Add(Command(SelectUnflushed, key));
        batch.BatchCommands.Add(Command(SelectUnits, key));
        var recent = Command(SelectRecentBatchIds, key);
        recent.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(nowMicros - UnixTime.ToMicros(dedupeWindow)) });
        batch.BatchCommands.Add(recent);
        batch.BatchCommands.Add(Command(SelectUnitStarts, key));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);

        var definition = MetricDefinition.Undefined;
        if (await reader.ReadAsync(cancellationToken))
        {
            definition = new MetricDefinition(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                (MetricDirection)reader.GetInt16(1),
                (MetricKind)reader.GetInt16(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetBoolean(4));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var flushedSeq = reader.GetInt64(0);
        var lastSeq = reader.GetInt64(1);
        var unitsSeq = reader.GetInt64(2);

        var rollups = new List<StoredBucket>();
        foreach (var resolution in RollupTierTable.Resolutions)
        {
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var bucket = UnixTime.ToMicros(reader.GetFieldValue<DateTime>(1)) / resolution.Micros();
                var stats = new SummaryStats(
                    reader.GetInt64(2), reader.GetDouble(3), reader.GetDouble(4), reader.IsDBNull(5) ? 0 : reader.GetDouble(5), reader.IsDBNull(6) ? 0 : reader.GetDouble(6));
                KeyedCounts? bins = null;
                if (!reader.IsDBNull(7)) BucketPartsJson.ReadBins(reader.GetString(7), bins = new KeyedCounts());
                var categories = reader.IsDBNull(8) ? null : BucketPartsJson.ReadCategories(reader.GetString(8));
                rollups.Add(new StoredBucket(resolution, reader.GetString(0), bucket, stats, bins, categories));
            }
        }

        await reader.NextResultAsync(cancellationToken);
        var unflushed = new List<PointBatch>();
        var unitsOnly = new List<PointBatch>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var inRollups = reader.GetInt64(10) <= flushedSeq;
            if (inRollups && reader.IsDBNull(3)) continue;
            var times = reader.GetFieldValue<DateTime[]>(1);
            var values = reader.GetFieldValue<double[]>(2);
            var users = reader.IsDBNull(3) ? null : reader.GetFieldValue<string?[]>(3);
            var categories = reader.IsDBNull(4) ? null : reader.GetFieldValue<string?[]>(4);
            var summaries = JournalSummaryColumns.Read(reader, 5);
            var points = new SeriesPoint[times.Length];
            for (var i = 0; i < points.Length; i++)
                points[i] = new SeriesPoint(UnixTime.ToMicros(times[i]), values[i], 0, users?[i], Category: categories?[i], Summary: summaries?[i]);
            (inRollups ? unitsOnly : unflushed).Add(new PointBatch([reader.GetString(0)], points));
        }

        await reader.NextResultAsync(cancellationToken);
        var units = new List<(string, ulong, long, double)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var (variant, hashes, points, sums) = (reader.GetString(0), reader.GetFieldValue<long[]>(1), reader.GetFieldValue<long[]>(2), reader.GetFieldValue<double[]>(3));
            for (var i = 0; i < hashes.Length; i++) units.Add((variant, unchecked((ulong)hashes[i]), points[i], sums[i]));
        }

        await reader.NextResultAsync(cancellationToken);
        var batchIds = new List<(string, long)>();
        while (await reader.ReadAsync(cancellationToken))
            batchIds.Add((reader.GetString(0), UnixTime.ToMicros(reader.GetFieldValue<DateTime>(1))));

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        long? testStart = reader.IsDBNull(0) ? null : UnixTime.ToMicros(reader.GetFieldValue<DateTime>(0));
        long? unitsSince = reader.IsDBNull(1) ? null : UnixTime.ToMicros(reader.GetFieldValue<DateTime>(1));

        return new SeriesSnapshot(definition, flushedSeq, Math.Max(flushedSeq, lastSeq), rollups, unflushed, units, batchIds)
        {
            UnitsSeq = unitsSeq,
            UnitsOnly = unitsOnly,
            TestStartMicros = testStart,
            UnitsSinceMicros = unitsSince,
        };
    }

    private static NpgsqlBatchCommand Command(string sql, SeriesKey key) => new(sql)
    {
        Parameters = { new NpgsqlParameter<string> { TypedValue = key.Test }, new NpgsqlParameter<string> { TypedValue = key.Metric } },
    };
}
