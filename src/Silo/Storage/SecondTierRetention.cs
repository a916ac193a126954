using Npgsql;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Silo.Storage;

/// <summary>
/// Retention of the 1-second tier: the rows of <see cref="KeptSecondSeries"/> in what is dropped move to
/// tsm.rollup_1s_kept first, in the same transaction and under a lock that holds flushes (and other silos' retention) back, so a kept
/// second is in exactly one of the two tables at any time (its count never doubles nor vanishes).
/// </summary>
internal static class SecondTierRetention
{
    private const string Lock = "LOCK TABLE tsm.rollup_1s IN SHARE ROW EXCLUSIVE MODE";

    // The chunks drop_chunks will drop: the same function and cut-off, so the rows moved are exactly theirs.
    private const string ChunksToDrop = "SELECT c::text FROM show_chunks('tsm.rollup_1s'::regclass, older_than => $1::timestamptz) c";

    // {0}: a chunk from show_chunks, or tsm.rollup_1s with a time condition; never user input.
    private const string Move = """
        INSERT INTO tsm.rollup_1s_kept AS k (test, metric, variant, bucket, count, sum, m2, min, max)
        SELECT test, metric, variant, bucket, count, sum, m2, min, max FROM {0}
        WHERE test = '' AND metric = ANY($1) {1}
        ON CONFLICT (test, metric, variant, bucket) DO UPDATE SET
            count = k.count + excluded.count, sum = k.sum + excluded.sum,
            m2 = tsm.merged_m2(k.count, k.sum, k.m2, excluded.count, excluded.sum, excluded.m2),
            min = least(k.min, excluded.min), max = greatest(k.max, excluded.max)
        """;

    private const string DropChunks = "SELECT count(*) FROM drop_chunks('tsm.rollup_1s'::regclass, older_than => $1::timestamptz)";

    private const string DeleteRows = "WITH d AS (DELETE FROM tsm.rollup_1s WHERE bucket < $1 RETURNING 1) SELECT count(*) FROM d";

    /// <summary>Drops the tier's data older than <paramref name="olderThan"/>, keeping the kept series' seconds.</summary>
    public static async Task<long> DropAsync(NpgsqlDataSource dataSource, bool timescale, DateTime olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockTable = new NpgsqlCommand(Lock, connection, transaction)) await lockTable.ExecuteNonQueryAsync(cancellationToken);

        if (timescale)
        {
            var chunks = new List<string>();
            await using (var select = new NpgsqlCommand(ChunksToDrop, connection, transaction))
            {
                select.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = olderThan });
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) chunks.Add(reader.GetString(0));
            }

            foreach (var chunk in chunks) await MoveAsync(connection, transaction, chunk, null, cancellationToken);
        }
        else
        {
            await MoveAsync(connection, transaction, "tsm.rollup_1s", olderThan, cancellationToken);
        }

        long dropped;
        await using (var drop = new NpgsqlCommand(timescale ? DropChunks : DeleteRows, connection, transaction))
        {
            drop.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = olderThan });
            dropped = (long)(await drop.ExecuteScalarAsync(cancellationToken))!;
        }

        await transaction.CommitAsync(cancellationToken);
        return dropped;
    }

    private static async Task MoveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, DateTime? before, CancellationToken cancellationToken)
    {
        await using var move = new NpgsqlCommand(string.Format(Move, table, before is null ? "" : "AND bucket < $2"), connection, transaction);
        move.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = KeptSecondSeries.PlainMetrics });
        if (before is { } time) move.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = time });
        await move.ExecuteNonQueryAsync(cancellationToken);
    }
}
