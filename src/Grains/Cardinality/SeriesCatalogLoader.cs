using Npgsql;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Cardinality;

/// <summary>Every series stored so far, with when it was first seen: what the cardinality grain starts from.</summary>
public sealed class SeriesCatalogLoader(NpgsqlDataSource dataSource)
{
    // Hourly rollups hold every flushed series at little cost; the last hour of the journal adds series
    // whose first points are not flushed yet.
    private const string SelectSeries = """
        SELECT test, metric, variant, min(first_seen) FROM (
            SELECT test, metric, variant, min(bucket) AS first_seen FROM tsm.rollup_1h GROUP BY test, metric, variant
            UNION ALL
            SELECT test, metric, variant, min(first_time) FROM tsm.point_batches
            WHERE hour >= date_trunc('hour', now()) - interval '1 hour' GROUP BY test, metric, variant
        ) AS seen
        GROUP BY test, metric, variant
        """;

    public async Task<List<(SeriesName Series, DateTimeOffset FirstSeen)>> LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            // The driver's exceptions do not cross the wire; callers must get an answer at once, not a time-out.
            throw new StorageUnavailableException($"Loading the series catalog failed: {exception.Message}");
        }
    }

    private async Task<List<(SeriesName Series, DateTimeOffset FirstSeen)>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectSeries);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var series = new List<(SeriesName, DateTimeOffset)>();
        while (await reader.ReadAsync(cancellationToken))
            series.Add((new SeriesName(reader.GetString(0), reader.GetString(1), reader.GetString(2)), reader.GetFieldValue<DateTimeOffset>(3)));
        return series;
    }
}
