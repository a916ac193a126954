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

    public async Task<Dictionary<string, List<BucketAggregate>>> ReadAsync(
        SeriesKey key, long fromMicros, long toMicros, long granularityMicros, string? variant, CancellationToken cancellationToken)
    {
        var table = granularityMicros % 3_600_000_000 == 0 ? "tsm.rollup_1h"
            : granularityMicros % 60_000_000 == 0 ? "tsm.rollup_1m"
            : "tsm.rollup_1s";
        await using var command = dataSource.CreateCommand(string.Format(SelectBuckets, table));
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
