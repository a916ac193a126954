using Npgsql;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Storage;

/// <summary>
/// Distinct users of some metrics in a time range, both ends inclusive. The one place that counts unique
/// users: today exactly, from the journal's user ids, so only within raw retention; when the rollups carry
/// distinct-count sketches, this reader reads those instead and ranges of any age work.
/// </summary>
public sealed class UniqueUserReader(NpgsqlDataSource dataSource)
{
    private const string CountUsers = "SELECT tsm.distinct_users($1, $2, $3, $4)";

    public async Task<long> CountAsync(string test, string[] metrics, long fromMicros, long toMicros, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(CountUsers);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = test });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = metrics });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(fromMicros) });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(toMicros) });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
