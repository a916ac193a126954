using Npgsql;
using NpgsqlTypes;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Storage;

/// <summary>
/// Raw points of plain metrics across names, through tsm.plain_points: one metric or all, either end of
/// the range open, both ends inclusive, one page in time order.
/// </summary>
public sealed class PlainPointReader(NpgsqlDataSource dataSource)
{
    private const string SelectPoints = "SELECT metric, time, value, tags::text, category FROM tsm.plain_points($1, $2, $3, $4, $5)";

    public async Task<List<PlainStoredPoint>> ReadAsync(
        string? metric, long? fromMicros, long? toMicros, int skip, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectPoints);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)metric ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(Time(fromMicros));
        command.Parameters.Add(Time(toMicros));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = skip });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });

        var points = new List<PlainStoredPoint>(Math.Min(limit, 1_024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            points.Add(new PlainStoredPoint(
                reader.GetString(0), reader.GetFieldValue<DateTime>(1), reader.GetDouble(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return points;
    }

    private static NpgsqlParameter Time(long? micros) => new()
    {
        Value = micros is { } value ? UnixTime.FromMicros(value) : DBNull.Value,
        NpgsqlDbType = NpgsqlDbType.TimestampTz,
    };
}
