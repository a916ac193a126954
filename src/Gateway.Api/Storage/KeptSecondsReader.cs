using Npgsql;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Storage;

/// <summary>
/// Counts of a <see cref="KeptSecondSeries"/> plain metric in the 1-second rollups retention kept past the
/// tier's retention (tsm.rollup_1s_kept). Disjoint from tsm.rollup_1s, memory and the unflushed journal:
/// retention moves a second here only in the transaction that drops it there.
/// </summary>
public sealed class KeptSecondsReader(NpgsqlDataSource dataSource)
{
    private const string SelectCount = $"SELECT coalesce(sum(count), 0)::bigint FROM {KeptSecondSeries.Table} WHERE test = '' AND metric = $1 AND bucket >= $2 AND bucket < $3";

    /// <summary>Points of the plain metric in [from, to).</summary>
    public async Task<long> CountAsync(string metric, long fromMicros, long toMicros, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectCount);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = metric });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(fromMicros) });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = UnixTime.FromMicros(toMicros) });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
