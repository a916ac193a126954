using Npgsql;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Storage;

/// <summary>
/// Finds series whose journal holds rows above their watermark that were written before a cut-off: rows a
/// live grain would have flushed long ago, so their grain died (a crashed silo) or cannot flush. The unit
/// totals' watermark is held to a cut-off earlier by the interval at which grains write them.
/// </summary>
public sealed class UnflushedSeriesFinder(NpgsqlDataSource dataSource)
{
    // The journal is partitioned by arrival, so a scan from a recent point in time reads only new chunks.
    private const string SelectStale = """
        WITH c AS (SELECT now() - $2::interval AS cutoff)
        SELECT c.cutoff, s.test, s.metric
        FROM c LEFT JOIN LATERAL (
            SELECT DISTINCT b.test, b.metric
            FROM tsm.point_batches b LEFT JOIN tsm.series_watermarks w USING (test, metric)
            WHERE b.written >= $1 AND b.written < c.cutoff
              AND (b.seq > coalesce(w.flushed_seq, 0) OR (b.seq > coalesce(w.units_seq, 0) AND b.written < c.cutoff - $3::interval))
        ) s ON true
        """;

    /// <summary>
    /// Series with rows above the rollups' watermark written in [<paramref name="since"/>, now - <paramref name="age"/>),
    /// or above the unit totals' watermark and <paramref name="unitFlushInterval"/> older still, and that
    /// cut-off as the database's clock tells it (the next scan starts there).
    /// </summary>
    public async Task<(DateTime Cutoff, List<SeriesKey> Series)> FindAsync(DateTime since, TimeSpan age, TimeSpan unitFlushInterval, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectStale);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = since });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = age });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = unitFlushInterval });
        var series = new List<SeriesKey>();
        var cutoff = DateTime.MinValue;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            cutoff = reader.GetFieldValue<DateTime>(0);
            if (!reader.IsDBNull(1)) series.Add(new SeriesKey(reader.GetString(1), reader.GetString(2)));
        }

        return (cutoff, series);
    }
}
