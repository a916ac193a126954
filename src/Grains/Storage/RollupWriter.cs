using Npgsql;
using NpgsqlTypes;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Storage;

/// <summary>
/// Writes grain flushes: merges their statistics into the rollup tables, advances the flush watermarks and
/// updates the catalog's first/last seen, many grains per transaction. Merging (not replacing) is what lets
/// late points and restarts add to a bucket without reading it first; distinct users are the exception,
/// read and merged in the same transaction (<see cref="StoredUserSketches"/>).
/// </summary>
public sealed class RollupWriter : IAsyncDisposable
{
    // Chan's merge of M2 (tsm.merged_m2, db/009), with the old row on the left: every SET expression sees the row before the update.
    private const string MergeRollups = """
        INSERT INTO {0} AS r (test, metric, variant, bucket, count, sum, m2, min, max, bins, categories, users)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::bigint[], $6::float8[], $7::float8[], $8::float8[], $9::float8[],
                             $10::jsonb[], $11::jsonb[], $12::bytea[])
        ON CONFLICT (test, metric, variant, bucket) DO UPDATE SET
            count = r.count + excluded.count,
            sum = r.sum + excluded.sum,
            m2 = tsm.merged_m2(r.count, r.sum, r.m2, excluded.count, excluded.sum, excluded.m2),
            min = least(r.min, excluded.min),
            max = greatest(r.max, excluded.max),
            bins = tsm.merged_counts(r.bins, excluded.bins),
            categories = tsm.merged_counts(r.categories, excluded.categories),
            users = coalesce(excluded.users, r.users)
        """;

    // units_seq is 0 for a flush that leaves its units pending (db/018): greatest keeps the stored one.
    private const string AdvanceWatermarks = """
        INSERT INTO tsm.series_watermarks AS w (test, metric, flushed_seq, units_seq)
        SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[])
        ON CONFLICT (test, metric) DO UPDATE SET
            flushed_seq = greatest(w.flushed_seq, excluded.flushed_seq),
            units_seq = greatest(w.units_seq, excluded.units_seq)
        """;

    // Rows are grouped and sorted so that one statement never touches a row twice and concurrent
    // transactions lock catalog rows in the same order.
    private const string TouchTests = """
        INSERT INTO tsm.tests AS t (name, first_seen, last_seen)
        SELECT test, min(first_seen), max(last_seen)
        FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS s(test, metric, variant, first_seen, last_seen)
        GROUP BY test ORDER BY test
        ON CONFLICT (name) DO UPDATE SET first_seen = least(t.first_seen, excluded.first_seen), last_seen = greatest(t.last_seen, excluded.last_seen)
        """;

    private const string TouchMetrics = """
        INSERT INTO tsm.metrics AS m (test, name, first_seen, last_seen)
        SELECT test, metric, min(first_seen), max(last_seen)
        FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS s(test, metric, variant, first_seen, last_seen)
        GROUP BY test, metric ORDER BY test, metric
        ON CONFLICT (test, name) DO UPDATE SET first_seen = least(m.first_seen, excluded.first_seen), last_seen = greatest(m.last_seen, excluded.last_seen)
        """;

    private const string TouchVariants = """
        INSERT INTO tsm.variants AS v (test, name, first_seen, last_seen)
        SELECT test, variant, min(first_seen), max(last_seen)
        FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS s(test, metric, variant, first_seen, last_seen)
        WHERE test <> ''
        GROUP BY test, variant ORDER BY test, variant
        ON CONFLICT (test, name) DO UPDATE SET first_seen = least(v.first_seen, excluded.first_seen), last_seen = greatest(v.last_seen, excluded.last_seen)
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommitQueue<RollupFlush> _queue;

    public RollupWriter(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        // One writer: catalog rows shared between grains are then never locked by two transactions at once,
        // and the read-modify-write of user sketches (StoredUserSketches) never races another flush of this silo.
        // A commit carries at most about 5,000 rows: a burst of late history (thousands of rows per series)
        // then goes out in steps instead of one statement whose parameter arrays grow with the burst, and
        // the arrays Npgsql rents for them stay small in the shared pool (20,000-row commits left 7.5 MB there).
        _queue = new GroupCommitQueue<RollupFlush>(WriteAsync, RefusedData.Is, writers: 1, maxItemsPerCommit: 1_000, capacity: 100_000,
            size: flush => flush.Rows.Count + (flush.Units?.Count ?? 0) + 1, maxSizePerCommit: 5_000);
    }

    /// <summary>Completes when the flush is committed.</summary>
    public Task WriteAsync(RollupFlush flush, CancellationToken cancellationToken = default) =>
        _queue.CommitAsync(flush, cancellationToken);

    public ValueTask DisposeAsync() => _queue.DisposeAsync();

    private async Task WriteAsync(IReadOnlyList<RollupFlush> flushes, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One round trip more, only when some bucket has users: their stored sketches, locked until commit.
        var users = await StoredUserSketches.ReadAsync(connection, transaction, flushes, cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var resolution in RollupTierTable.Resolutions)
        {
            var columns = new RollupColumns();
            foreach (var flush in flushes)
                foreach (var row in flush.Rows)
                    if (row.Resolution == resolution)
                        columns.Add(flush.Key, flush.VariantNames[row.VariantIndex], flush.CategoryNames ?? [], row, users?.Merged(flush, row));
            if (columns.Count > 0) batch.BatchCommands.Add(columns.ToCommand(string.Format(MergeRollups, resolution.TableName())));
        }

        var units = UnitPartsCommand.For(flushes);
        if (units is not null) batch.BatchCommands.Add(units);
        batch.BatchCommands.Add(WatermarkCommand(flushes));
        var seen = SeenColumns(flushes);
        if (seen is not null)
        {
            batch.BatchCommands.Add(seen(TouchTests));
            batch.BatchCommands.Add(seen(TouchMetrics));
            batch.BatchCommands.Add(seen(TouchVariants));
        }

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            // A pooled connection's reader keeps the list of the last batch's commands, parameter arrays and
            // all, until that connection runs its next command: without this, every idle connection holds
            // its last commit (megabytes after a burst flush).
            batch.BatchCommands.Clear();
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand WatermarkCommand(IReadOnlyList<RollupFlush> flushes)
    {
        var tests = new string[flushes.Count];
        var metrics = new string[flushes.Count];
        var seqs = new long[flushes.Count];
        var unitSeqs = new long[flushes.Count];
        for (var i = 0; i < flushes.Count; i++)
        {
            tests[i] = flushes[i].Key.Test;
            metrics[i] = flushes[i].Key.Metric;
            seqs[i] = flushes[i].FlushedSeq;
            unitSeqs[i] = flushes[i].Units is null ? 0 : flushes[i].FlushedSeq;
        }

        return new NpgsqlBatchCommand(AdvanceWatermarks)
        {
            Parameters =
            {
                new NpgsqlParameter<string[]> { TypedValue = tests, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<string[]> { TypedValue = metrics, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<long[]> { TypedValue = seqs, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                new NpgsqlParameter<long[]> { TypedValue = unitSeqs, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
            },
        };
    }

    private static Func<string, NpgsqlBatchCommand>? SeenColumns(IReadOnlyList<RollupFlush> flushes)
    {
        var tests = new List<string>();
        var metrics = new List<string>();
        var variants = new List<string>();
        var firsts = new List<DateTime>();
        var lasts = new List<DateTime>();
        foreach (var flush in flushes)
        {
            foreach (var seen in flush.Seen)
            {
                tests.Add(flush.Key.Test);
                metrics.Add(flush.Key.Metric);
                variants.Add(flush.VariantNames[seen.VariantIndex]);
                firsts.Add(UnixTime.FromMicros(seen.FromMicros));
                lasts.Add(UnixTime.FromMicros(seen.ToMicros));
            }
        }

        if (tests.Count == 0) return null;
        string[] testArray = [.. tests], metricArray = [.. metrics], variantArray = [.. variants];
        DateTime[] firstArray = [.. firsts], lastArray = [.. lasts];
        return sql => new NpgsqlBatchCommand(sql)
        {
            Parameters =
            {
                new NpgsqlParameter<string[]> { TypedValue = testArray, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<string[]> { TypedValue = metricArray, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<string[]> { TypedValue = variantArray, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<DateTime[]> { TypedValue = firstArray, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                new NpgsqlParameter<DateTime[]> { TypedValue = lastArray, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
            },
        };
    }
}
