using Npgsql;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Storage;

/// <summary>
/// Reads series buckets for older ranges from the rollups the grains flushed: the coarsest rollup table
/// that divides the granularity, summed into output buckets by count and sum (never by averaging averages).
/// </summary>
public sealed class HistoryReader(NpgsqlDataSource dataSource)
{
    private const string SelectBuckets = """
        SELECT variant, time_bucket($5::interval, bucket, '1970-01-01T00:00:00Z'::timestamptz) AS b,
               sum(count)::bigint, sum(sum), min(min), max(max)
        FROM {0}
        WHERE test = $1 AND metric = $2 AND bucket >= $3 AND bucket < $4 AND ($6::text IS NULL OR variant = $6)
        GROUP BY variant, b
        ORDER BY variant, b
        """;

    // M2 of a union: each bucket's M2 plus its count times the squared distance of its mean from the total mean.
    private const string SelectTotals = """
        WITH r AS (
            SELECT variant, count, sum, m2, min, max FROM {0}
            WHERE test = $1 AND metric = $2 AND bucket >= $3 AND bucket < $4),
        t AS (SELECT variant, sum(count) AS n, sum(sum) AS s FROM r GROUP BY variant)
        SELECT r.variant, t.n::bigint, t.s, sum(r.m2 + r.count * power(r.sum / r.count - t.s / t.n, 2)), min(r.min), max(r.max)
        FROM r JOIN t USING (variant)
        GROUP BY r.variant, t.n, t.s
        """;

    /// <summary>Per-variant totals (count, sum, M2) over [from, to) from the rollups of one resolution.</summary>
    public async Task<Dictionary<string, SummaryStats>> ReadTotalsAsync(
        SeriesKey key, long fromMicros, long toMicros, long resolutionMicros, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(string.Format(SelectTotals, TableFor(resolutionMicros)));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Test });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Metric });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(fromMicros) });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(toMicros) });
        var result = new Dictionary<string, SummaryStats>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result[reader.GetString(0)] = new SummaryStats(reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5));
        return result;
    }

    public async Task<Dictionary<string, List<BucketAggregate>>> ReadAsync(
        SeriesKey key, long fromMicros, long toMicros, long granularityMicros, string? variant, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(string.Format(SelectBuckets, TableFor(granularityMicros)));
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

    // The coarsest rollup whose buckets divide the width.
    private static string TableFor(long micros) => micros % 3_600_000_000 == 0 ? "tsm.rollup_1h"
        : micros % 60_000_000 == 0 ? "tsm.rollup_1m"
        : "tsm.rollup_1s";
}
