using Npgsql;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics.Sketches;

namespace TSMetrics.Gateway.Api.Storage;

/// <summary>
/// Distinct users per output bucket of a series answer, over its whole range: the rollup sketches of the
/// tier dividing the granularity, merged per output bucket (a union, never a sum), plus the user ids of the
/// unflushed journal, in one statement and so one snapshot (a flush commits both at once). Memory keeps no
/// users (<c>BucketParts.Users</c>), so the recent part comes from here too: exact at the seam, and at once
/// after an acknowledgement. Rows without users are skipped by their null column, so a series without
/// user ids costs an index scan that returns nothing.
/// </summary>
public sealed class BucketUserReader(NpgsqlDataSource dataSource)
{
    private const string SelectUsers = """
        SELECT variant, date_bin($5::interval, bucket, '1970-01-01T00:00:00Z'::timestamptz), users, NULL::text FROM {0}
        WHERE test = $1 AND metric = $2 AND bucket >= $3 AND bucket < $4 AND ($6::text IS NULL OR variant = $6) AND users IS NOT NULL
        UNION ALL
        SELECT DISTINCT variant, date_bin($5::interval, "time", '1970-01-01T00:00:00Z'::timestamptz), NULL::bytea, user_id
        FROM tsm.unflushed_users($1, $2, $6, $3, $4)
        """;

    /// <summary>Distinct users per (variant, bucket start) over [from, to), both aligned to the granularity; buckets without users are absent.</summary>
    public async Task<Dictionary<(string Variant, long StartMicros), long>> ReadAsync(
        SeriesKey key, long fromMicros, long toMicros, long granularityMicros, string? variant, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(string.Format(SelectUsers, RollupTiers.TableDividing(granularityMicros)));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Test });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Metric });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(fromMicros) });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(toMicros) });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = TimeSpan.FromTicks(granularityMicros * 10) });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)variant ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });

        var sketches = new Dictionary<(string, long), DistinctCountSketch?>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var at = (reader.GetString(0), UnixTime.ToMicros(reader.GetFieldValue<DateTime>(1)));
                sketches.TryGetValue(at, out var sketch);
                UserSketchRows.Fold(ref sketch, reader, 2);
                sketches[at] = sketch;
            }
        }

        var result = new Dictionary<(string, long), long>(sketches.Count);
        foreach (var (at, sketch) in sketches) result[at] = BucketUsers.Count(sketch!);
        return result;
    }
}
