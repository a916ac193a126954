using Npgsql;
using NpgsqlTypes;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics.Sketches;

namespace TSMetrics.Grains.Storage;

/// <summary>
/// The read half of the rollups' read-modify-write of distinct users: sketches do not merge by adding, so
/// before the upsert one batch (one round trip, a statement per tier) reads the stored sketches of every
/// bucket a flush brings users to and locks those rows until commit; C# merges, the upsert writes the union.
/// Safe because the writer is single (RollupWriter's one commit at a time) and every key belongs to one
/// series, which one grain activation flushes; the row locks also hold back another silo's writer.
/// </summary>
internal sealed class StoredUserSketches
{
    private const string SelectForUpdate = """
        SELECT r.test, r.metric, r.variant, r.bucket, r.users
        FROM {0} r JOIN unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS k(test, metric, variant, bucket)
            ON r.test = k.test AND r.metric = k.metric AND r.variant = k.variant AND r.bucket = k.bucket
        WHERE r.bucket >= $5 AND r.bucket <= $6
        ORDER BY r.test, r.metric, r.variant, r.bucket
        FOR UPDATE OF r
        """;

    private readonly Dictionary<Key, byte[]> _stored = [];

    /// <summary>The stored sketches of the buckets the flushes bring users to; null (and no round trip) when none does.</summary>
    public static async Task<StoredUserSketches?> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RollupFlush> flushes, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var tiers = new List<Resolution>(RollupTierTable.Resolutions.Length);
        foreach (var resolution in RollupTierTable.Resolutions)
        {
            var command = Command(resolution, flushes);
            if (command is null) continue;
            batch.BatchCommands.Add(command);
            tiers.Add(resolution);
        }

        if (batch.BatchCommands.Count == 0) return null;
        var result = new StoredUserSketches();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        foreach (var resolution in tiers)
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.IsDBNull(4)) continue;
                var bucket = UnixTime.ToMicros(reader.GetFieldValue<DateTime>(3)) / resolution.Micros();
                result._stored[new Key(resolution, reader.GetString(0), reader.GetString(1), reader.GetString(2), bucket)] = reader.GetFieldValue<byte[]>(4);
            }

            await reader.NextResultAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>The bytes to store for a row: its users merged into what storage holds; null when it brings none.</summary>
    public byte[]? Merged(RollupFlush flush, in RollupRow row)
    {
        if (row.Parts?.Users is not { } users) return null;
        if (!_stored.TryGetValue(new Key(row.Resolution, flush.Key.Test, flush.Key.Metric, flush.VariantNames[row.VariantIndex], row.BucketIndex), out var bytes))
            return users.ToBytes();
        DistinctCountSketch stored;
        try
        {
            stored = DistinctCountSketch.FromBytes(bytes);
        }
        catch (FormatException)
        {
            // Only this writer writes the column; refusing every later flush of the series over bytes written
            // by someone else would lose more than the users they held.
            return users.ToBytes();
        }

        stored.Merge(users);
        return stored.ToBytes();
    }

    private static NpgsqlBatchCommand? Command(Resolution resolution, IReadOnlyList<RollupFlush> flushes)
    {
        List<string> tests = [], metrics = [], variants = [];
        List<DateTime> buckets = [];
        long first = long.MaxValue, last = long.MinValue;
        foreach (var flush in flushes)
        {
            foreach (var row in flush.Rows)
            {
                if (row.Resolution != resolution || row.Parts?.Users is null) continue;
                var start = row.BucketIndex * resolution.Micros();
                tests.Add(flush.Key.Test);
                metrics.Add(flush.Key.Metric);
                variants.Add(flush.VariantNames[row.VariantIndex]);
                buckets.Add(UnixTime.FromMicros(start));
                first = Math.Min(first, start);
                last = Math.Max(last, start);
            }
        }

        if (tests.Count == 0) return null;
        return new NpgsqlBatchCommand(string.Format(SelectForUpdate, resolution.TableName()))
        {
            Parameters =
            {
                new NpgsqlParameter<string[]> { TypedValue = [.. tests], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<string[]> { TypedValue = [.. metrics], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<string[]> { TypedValue = [.. variants], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<DateTime[]> { TypedValue = [.. buckets], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                // Bounds on the partitioning column let the planner skip the tier's other chunks.
                new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(first) },
                new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(last) },
            },
        };
    }

    private readonly record struct Key(Resolution Resolution, string Test, string Metric, string Variant, long BucketIndex);
}
