using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Storage;

/// <summary>
/// The silo's side of the catalog: stores what users say about tests and metrics, and reads what the test
/// and series grains load on activation. Reads for the API live in the gateway.
/// </summary>
public sealed class CatalogStore(NpgsqlDataSource dataSource)
{
    private const string UpsertMetric = """
        INSERT INTO tsm.metrics (test, name, unit, direction, kind, description, percentiles) VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (test, name) DO UPDATE SET unit = excluded.unit, direction = excluded.direction,
            kind = excluded.kind, description = excluded.description, percentiles = excluded.percentiles
        """;

    private const string UpsertTest = """
        INSERT INTO tsm.tests (name, control, description, weights, start_time) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (name) DO UPDATE SET control = excluded.control, description = excluded.description, weights = excluded.weights,
            start_time = excluded.start_time
        """;

    private const string SelectTest = "SELECT control, description, weights::text, start_time, first_seen FROM tsm.tests WHERE name = $1";

    private const string SelectMetricNames = "SELECT name FROM tsm.metrics WHERE test = $1 ORDER BY name";

    public async Task SaveMetricAsync(SeriesKey key, MetricDefinition definition, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(UpsertMetric);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Test });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Metric });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)definition.Unit ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)definition.Direction });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)definition.Kind });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)definition.Description ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)definition.Percentiles ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Boolean });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SaveTestAsync(string test, TestDefinition definition, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(UpsertTest);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = test });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)definition.Control ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)definition.Description ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = definition.Weights is null ? DBNull.Value : JsonSerializer.Serialize(definition.Weights),
            NpgsqlDbType = NpgsqlDbType.Jsonb,
        });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)definition.Start ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string[]> LoadMetricNamesAsync(string test, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectMetricNames);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = test });
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) names.Add(reader.GetString(0));
        return [.. names];
    }

    /// <summary>The test's definition, and the time of its first point (null before any was flushed).</summary>
    public async Task<(TestDefinition Definition, DateTime? FirstSeen)> LoadTestAsync(string test, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectTest);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = test });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return (new TestDefinition(), null);
        var definition = new TestDefinition(
            reader.IsDBNull(0) ? null : reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : JsonSerializer.Deserialize<Dictionary<string, double>>(reader.GetString(2)),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTime>(3));
        return (definition, reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTime>(4));
    }
}
