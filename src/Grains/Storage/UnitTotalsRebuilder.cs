using System.Runtime.InteropServices;
using Npgsql;
using NpgsqlTypes;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics.Sketches;
using TSMetrics.Statistics.Units;

namespace TSMetrics.Grains.Storage;

/// <summary>
/// Recomputes a series' unit totals from the journal's raw points for a new start, and replaces the stored
/// ones, in one transaction: what a test's start set with PUT /v1/tests/{test} needs.
/// </summary>
public sealed class UnitTotalsRebuilder(NpgsqlDataSource dataSource)
{
    // Rows above the flushed sequence are folded into the grain's pending units and flushed on top later.
    private const string SelectJournal = """
        SELECT variant, times, vals, user_ids, categories, counts FROM tsm.point_batches
        WHERE test = $1 AND metric = $2 AND seq <= $3 AND user_ids IS NOT NULL
        ORDER BY seq
        """;

    private const string DeleteUnits = "DELETE FROM tsm.unit_parts WHERE test = $1 AND metric = $2";

    private const string UpsertSince = """
        INSERT INTO tsm.unit_windows (test, metric, since) VALUES ($1, $2, $3)
        ON CONFLICT (test, metric) DO UPDATE SET since = excluded.since
        """;

    /// <summary>
    /// Totals per (variant, unit) of the journal's points with user ids, numbers only, at or after
    /// <paramref name="sinceMicros"/> (all when null), in journal writes up to <paramref name="throughSeq"/>;
    /// stored in place of the series' unit totals. Units beyond <paramref name="maxUnits"/> (in order of first
    /// sight) are refused as live ingest refuses them.
    /// </summary>
    public async Task<RebuiltUnits> RebuildAsync(SeriesKey key, long throughSeq, long? sinceMicros, int maxUnits, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var since = sinceMicros ?? long.MinValue;
        var index = new Dictionary<(string Variant, ulong Hash), int>();
        var units = new List<StoredUnit>();
        long refused = 0;
        await using (var select = Command(connection, transaction, SelectJournal, key))
        {
            select.Parameters.Add(new NpgsqlParameter<long> { TypedValue = throughSeq });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var variant = reader.GetString(0);
                var times = reader.GetFieldValue<DateTime[]>(1);
                var values = reader.GetFieldValue<double[]>(2);
                var users = reader.GetFieldValue<string?[]>(3);
                var categories = reader.IsDBNull(4) ? null : reader.GetFieldValue<string?[]>(4);
                // A summary point (histogram) adds its count to the unit's points and its sum to its sum.
                var counts = reader.IsDBNull(5) ? null : reader.GetFieldValue<long?[]>(5);
                for (var i = 0; i < times.Length; i++)
                {
                    if (users[i] is not { } user || categories?[i] is not null || UnixTime.ToMicros(times[i]) < since) continue;
                    var hash = UnitIdHash.Of(user);
                    ref var at = ref CollectionsMarshal.GetValueRefOrAddDefault(index, (variant, hash), out var exists);
                    if (!exists)
                    {
                        if (units.Count >= maxUnits)
                        {
                            index.Remove((variant, hash));
                            refused += counts?[i] ?? 1;
                            continue;
                        }

                        at = units.Count;
                        units.Add(new StoredUnit(variant, hash, 0, 0));
                    }

                    var unit = units[at];
                    units[at] = unit with { Points = unit.Points + (counts?[i] ?? 1), Sum = unit.Sum + values[i] };
                }
            }
        }

        await using (var delete = Command(connection, transaction, DeleteUnits, key)) await delete.ExecuteNonQueryAsync(cancellationToken);
        var variants = new List<string>();
        var indexed = new List<(int, ulong, long, double)>(units.Count);
        foreach (var unit in units)
        {
            var v = variants.IndexOf(unit.Variant);
            if (v < 0) variants.Add(unit.Variant);
            indexed.Add((v < 0 ? variants.Count - 1 : v, unit.UnitHash, unit.Points, unit.Sum));
        }

        if (UnitPartsCommand.For(key, variants, UnitPart.Split(indexed)) is { } store)
        {
            await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { store } };
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var upsert = Command(connection, transaction, UpsertSince, key))
        {
            upsert.Parameters.Add(new NpgsqlParameter { Value = sinceMicros is { } s ? UnixTime.FromMicros(s) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new RebuiltUnits(units, refused);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, SeriesKey key) => new(sql, connection, transaction)
    {
        Parameters = { new NpgsqlParameter<string> { TypedValue = key.Test }, new NpgsqlParameter<string> { TypedValue = key.Metric } },
    };
}
