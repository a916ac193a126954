using System.Text;
using Npgsql;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Storage;

/// <summary>
/// Reads older ranges from storage: the rollups the grains flushed plus the journal rows not flushed yet
/// (<c>tsm.unflushed_points</c>, read in the same snapshot), so an acknowledged point is in history at once,
/// also when the grain that holds it died before its flush. Buckets are summed by count and sum, never by
/// averaging averages.
/// </summary>
public sealed class HistoryReader(NpgsqlDataSource dataSource)
{
    private const string SelectBuckets = """
        SELECT variant, date_bin($5::interval, t, '1970-01-01T00:00:00Z'::timestamptz) AS b,
               sum(n)::bigint, sum(s), min(lo), max(hi)
        FROM (
            SELECT variant, bucket AS t, count AS n, sum AS s, min AS lo, max AS hi FROM {0}
            WHERE test = $1 AND metric = $2 AND bucket >= $3 AND bucket < $4 AND ($6::text IS NULL OR variant = $6)
            UNION ALL
            SELECT variant, "time", 1, value, value, value FROM tsm.unflushed_points($1, $2, $6, $3, $4)
        ) r
        GROUP BY variant, b
        ORDER BY variant, b
        """;

    // The statistics of a union of buckets: Chan's merge, as tsm.summary_agg (db/009) has it.
    private const string SelectTotals = """
        SELECT variant, (t).count, (t).sum, (t).m2, (t).min, (t).max
        FROM (SELECT variant, tsm.summary_agg(count, sum, m2, min, max) AS t FROM ({0}) r(variant, count, sum, m2, min, max) GROUP BY variant) s
        """;

    private const string SelectRunPart = "SELECT variant, count, sum, m2, min, max FROM {0} WHERE test = $1 AND metric = $2 AND bucket >= ${1} AND bucket < ${2}";

    private const string SelectTailPart = "SELECT variant, 1::bigint, value, 0::float8, value, value FROM tsm.unflushed_points($1, $2, NULL, ${0}, ${1})";

    /// <summary>
    /// Per-variant totals (count, sum, M2) over the union of <paramref name="runs"/>: each run reads the
    /// rollup table of its width, and the unflushed journal rows of every run are added once.
    /// </summary>
    public async Task<Dictionary<string, SummaryStats>> ReadTotalsAsync(
        SeriesKey key, IReadOnlyList<(string Table, long FromMicros, long ToMicros)> runs, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, SummaryStats>(StringComparer.Ordinal);
        if (runs.Count == 0) return result;

        var parts = new StringBuilder();
        await using var command = dataSource.CreateCommand();
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Test });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Metric });
        foreach (var (table, from, to) in runs)
        {
            if (parts.Length > 0) parts.Append(" UNION ALL ");
            var first = command.Parameters.Count + 1;
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(from) });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(to) });
            parts.Append(string.Format(SelectRunPart, table, first, first + 1));
            parts.Append(" UNION ALL ").Append(string.Format(SelectTailPart, first, first + 1));
        }

        command.CommandText = string.Format(SelectTotals, parts);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result[reader.GetString(0)] = new SummaryStats(reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5));
        return result;
    }

    /// <summary>Buckets of <paramref name="granularityMicros"/> over [from, to), both aligned to it.</summary>
    public async Task<Dictionary<string, List<BucketAggregate>>> ReadAsync(
        SeriesKey key, long fromMicros, long toMicros, long granularityMicros, string? variant, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(string.Format(SelectBuckets, RollupTiers.TableDividing(granularityMicros)));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Test });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Metric });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(fromMicros) });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(toMicros) });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = TimeSpan.FromTicks(granularityMicros * 10) });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)variant ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });

        var result = new Dictionary<string, List<BucketAggregate>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            if (!result.TryGetValue(name, out var buckets)) result[name] = buckets = [];
            buckets.Add(new BucketAggregate(
                UnixTime.ToMicros(reader.GetFieldValue<DateTime>(1)), reader.GetInt64(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5)));
        }

        return result;
    }
}
