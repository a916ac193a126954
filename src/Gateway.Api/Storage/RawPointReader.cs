using Npgsql;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Storage;

/// <summary>
/// Reads raw points through tsm.raw_points, the one door the API role has into the journal: one series,
/// one range (both ends inclusive), one page.
/// </summary>
public sealed class RawPointReader(NpgsqlDataSource dataSource)
{
    private const string SelectPoints = "SELECT variant, time, value, user_id, tags::text, category, count FROM tsm.raw_points($1, $2, $3, $4, $5, $6, $7)";

    public async Task<List<StoredPoint>> ReadAsync(
        SeriesKey key, string? variant, long fromMicros, long toMicros, int skip, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectPoints);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Test });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Metric });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)variant ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(fromMicros) });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(toMicros) });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = skip });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });

        var points = new List<StoredPoint>(Math.Min(limit, 1_024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            points.Add(new StoredPoint(
                reader.GetString(0),
                reader.GetFieldValue<DateTime>(1),
                reader.GetDouble(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetInt64(6)));
        }

        return points;
    }
}
