using System.Runtime.InteropServices;
using Npgsql;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics.Sketches;

namespace TSMetrics.Gateway.Api.Storage;

/// <summary>
/// Distinct users per output bucket of a series answer: the rollup sketches of the tier dividing the
/// granularity, merged per output bucket (a union, never a sum), plus what the rollups do not have yet.
/// For history that is the user ids of the unflushed journal, read in the same statement and so the same
/// snapshot (a flush commits both at once). For the part a grain answers it is the grain's own sketches of
/// its unflushed buckets (<see cref="VariantSeries.UnflushedUsers"/>), so a live answer reads no journal: the
/// rollups are read after the grain answered, and a flush that commits in between is then in both, which a
/// union counts once. Rows without users are skipped by their null column, so a series without user ids
/// costs an index scan that returns nothing.
/// </summary>
public sealed class BucketUserReader(NpgsqlDataSource dataSource)
{
    private const string SelectFlushed = """
        SELECT variant, date_bin($5::interval, bucket, '1970-01-01T00:00:00Z'::timestamptz), users, NULL::text FROM {0}
        WHERE test = $1 AND metric = $2 AND bucket >= $3 AND bucket < $4 AND ($6::text IS NULL OR variant = $6) AND users IS NOT NULL
        """;

    private const string AndUnflushedJournal = """

        UNION ALL
        SELECT DISTINCT variant, date_bin($5::interval, "time", '1970-01-01T00:00:00Z'::timestamptz), NULL::bytea, user_id
        FROM tsm.unflushed_users($1, $2, $6, $3, $4)
        """;

    /// <summary>Distinct users per (variant, bucket start) over [from, to) of storage alone (rollups and journal); buckets without users are absent.</summary>
    public async Task<Dictionary<(string Variant, long StartMicros), long>> ReadAsync(
        SeriesKey key, long fromMicros, long toMicros, long granularityMicros, string? variant, CancellationToken cancellationToken)
    {
        var sketches = await ReadRollupsAsync(SelectFlushed + AndUnflushedJournal, key, fromMicros, toMicros, granularityMicros, variant, cancellationToken);
        return Counts(sketches);
    }

    /// <summary>
    /// Distinct users per (variant, bucket start) over [from, to) of the part a grain answered: the rollups
    /// read now, united with <paramref name="unflushed"/>, the grain's users that storage does not have yet.
    /// </summary>
    public async Task<Dictionary<(string Variant, long StartMicros), long>> ReadWithGrainAsync(
        SeriesKey key, long fromMicros, long toMicros, long granularityMicros, string? variant, IReadOnlyList<VariantSeries> unflushed,
        CancellationToken cancellationToken)
    {
        var sketches = await ReadRollupsAsync(SelectFlushed, key, fromMicros, toMicros, granularityMicros, variant, cancellationToken);
        foreach (var series in unflushed)
        {
            foreach (var users in series.UnflushedUsers)
            {
                if (users.StartMicros < fromMicros || users.StartMicros >= toMicros) continue;
                ref var sketch = ref CollectionsMarshal.GetValueRefOrAddDefault(sketches, (series.Variant, users.StartMicros), out _);
                (sketch ??= BucketUsers.NewSketch()).Merge(DistinctCountSketch.FromBytes(users.Sketch));
            }
        }

        return Counts(sketches);
    }

    private async Task<Dictionary<(string, long), DistinctCountSketch?>> ReadRollupsAsync(
        string statement, SeriesKey key, long fromMicros, long toMicros, long granularityMicros, string? variant, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(string.Format(statement, RollupTiers.TableDividing(granularityMicros)));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Test });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Metric });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(fromMicros) });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(toMicros) });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = TimeSpan.FromTicks(granularityMicros * 10) });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)variant ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });

        var sketches = new Dictionary<(string, long), DistinctCountSketch?>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var at = (reader.GetString(0), UnixTime.ToMicros(reader.GetFieldValue<DateTime>(1)));
            sketches.TryGetValue(at, out var sketch);
            UserSketchRows.Fold(ref sketch, reader, 2);
            sketches[at] = sketch;
        }

        return sketches;
    }

    private static Dictionary<(string Variant, long StartMicros), long> Counts(Dictionary<(string, long), DistinctCountSketch?> sketches)
    {
        var result = new Dictionary<(string, long), long>(sketches.Count);
        foreach (var (at, sketch) in sketches) result[at] = BucketUsers.Count(sketch!);
        return result;
    }
}
