using Npgsql;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Storage;

/// <summary>Stores what users say about tests and metrics. Reads for the API live in the gateway.</summary>
public sealed class CatalogWriter(NpgsqlDataSource dataSource)
{
    private const string UpsertMetric = """
        INSERT INTO tsm.metrics (test, name, unit, direction, kind, description) VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (test, name) DO UPDATE SET unit = excluded.unit, direction = excluded.direction,
            kind = excluded.kind, description = excluded.description
        """;

    private const string UpsertTest = """
        INSERT INTO tsm.tests (name, control, description) VALUES ($1, $2, $3)
        ON CONFLICT (name) DO UPDATE SET control = excluded.control, description = excluded.description
        """;

    private const string SelectTest = "SELECT control, description FROM tsm.tests WHERE name = $1";

    public async Task SaveMetricAsync(SeriesKey key, MetricDefinition definition, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(UpsertMetric);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Test });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Metric });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)definition.Unit ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)definition.Direction });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)definition.Kind });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)definition.Description ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SaveTestAsync(string test, TestDefinition definition, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(UpsertTest);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = test });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)definition.Control ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)definition.Description ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<TestDefinition> LoadTestAsync(string test, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectTest);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = test });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return new TestDefinition();
        return new TestDefinition(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }
}
