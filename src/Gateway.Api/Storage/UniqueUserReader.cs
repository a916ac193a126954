using System.Text;
using Npgsql;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics.Sketches;

namespace TSMetrics.Gateway.Api.Storage;

/// <summary>
/// Distinct users of some metrics in a time range, both ends inclusive, of any age: the union of the rollups'
/// user sketches (<see cref="BucketUsers"/>: exact up to its threshold, 1.63% standard error beyond) and the
/// unflushed journal's user ids, in one statement. Each part of the range is read from the finest tier that
/// still holds it (<see cref="RollupTiers.CoverWidened"/>): exact to the second within the 1-second tier's
/// retention; older parts count the users of the whole minutes (then hours) their edges fall in.
/// </summary>
public sealed class UniqueUserReader(NpgsqlDataSource dataSource, RollupTiers tiers)
{
    private const string SelectRun = "SELECT users, NULL::text FROM {0} WHERE test = $1 AND metric = ANY ($2) AND bucket >= ${1} AND bucket < ${2} AND users IS NOT NULL";

    private const string SelectTail = """
        SELECT DISTINCT NULL::bytea, u.user_id
        FROM unnest($2::text[]) AS m(metric), LATERAL tsm.unflushed_users($1, m.metric, NULL, $3, $4) AS u
        """;

    public async Task<long> CountAsync(string test, string[] metrics, long fromMicros, long toMicros, CancellationToken cancellationToken)
    {
        // Inclusive end: the first microsecond after it ends the half-open range.
        var end = toMicros + 1;
        var runs = new List<(string Table, long FromMicros, long ToMicros)>();
        tiers.CoverWidened(fromMicros, end, runs);

        await using var command = dataSource.CreateCommand();
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = test });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = metrics });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(fromMicros) });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(end) });
        var sql = new StringBuilder();
        foreach (var (table, from, to) in runs)
        {
            var first = command.Parameters.Count + 1;
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(from) });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(to) });
            sql.Append(string.Format(SelectRun, table, first, first + 1)).Append(" UNION ALL ");
        }

        command.CommandText = sql.Append(SelectTail).ToString();
        DistinctCountSketch? users = null;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) UserSketchRows.Fold(ref users, reader, 0);
        return users is null ? 0 : BucketUsers.Count(users);
    }
}
