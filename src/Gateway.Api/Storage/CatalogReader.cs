using System.Text.Json;
using Npgsql;
using TSMetrics.Gateway.Api.Contracts;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Storage;

/// <summary>Reads the catalog of tests, variants and metrics in one round trip.</summary>
public sealed class CatalogReader(NpgsqlDataSource dataSource)
{
    private const string SelectTests = """
        SELECT name, control, description, first_seen, last_seen, weights::text FROM tsm.tests
        WHERE ($1::text IS NULL OR name = $1) AND name <> '' ORDER BY name
        """;

    private const string SelectVariants = "SELECT test, name, first_seen, last_seen FROM tsm.variants WHERE ($1::text IS NULL OR test = $1) ORDER BY test, name";

    private const string SelectMetrics = """
        SELECT test, name, unit, direction, kind, description, first_seen, last_seen, has_strings FROM tsm.metrics
        WHERE ($1::text IS NULL OR test = $1) ORDER BY test, name
        """;

    private const string SelectHasStrings = "SELECT EXISTS (SELECT FROM tsm.metrics WHERE test = $1 AND name = $2 AND has_strings)";

    /// <summary>Whether the metric has stored string (categorical) values, so that numeric aggregates of it mean nothing.</summary>
    public async Task<bool> HasStringsAsync(SeriesKey key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectHasStrings);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Test });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Metric });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>All tests, or the one named; plain metrics are listed under the test "".</summary>
    public async Task<(List<TestEntry> Tests, List<MetricEntry> PlainMetrics)> ReadAsync(string? test, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var sql in (string[])[SelectTests, SelectVariants, SelectMetrics])
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql)
            {
                Parameters = { new NpgsqlParameter { Value = (object?)test ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } },
            });
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);

        var rows = new List<(string Name, string? Control, string? Description, DateTime? First, DateTime? Last, Dictionary<string, double>? Weights)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var weights = NullableString(reader, 5) is { } json ? JsonSerializer.Deserialize<Dictionary<string, double>>(json) : null;
            rows.Add((reader.GetString(0), NullableString(reader, 1), NullableString(reader, 2), NullableTime(reader, 3), NullableTime(reader, 4), weights));
        }

        await reader.NextResultAsync(cancellationToken);
        var variants = new Dictionary<string, List<VariantEntry>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            Bucket(variants, reader.GetString(0)).Add(new VariantEntry(reader.GetString(1), reader.GetFieldValue<DateTime>(2), reader.GetFieldValue<DateTime>(3)));

        await reader.NextResultAsync(cancellationToken);
        var metrics = new Dictionary<string, List<MetricEntry>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            Bucket(metrics, reader.GetString(0)).Add(new MetricEntry(
                reader.GetString(1), NullableString(reader, 2),
                MetricText.Direction((MetricDirection)reader.GetInt16(3)), MetricText.Kind((MetricKind)reader.GetInt16(4)),
                NullableString(reader, 5), NullableTime(reader, 6), NullableTime(reader, 7),
                reader.GetBoolean(8) ? MetricEntry.String : MetricEntry.Number));
        }

        var tests = rows.ConvertAll(row => new TestEntry(
            row.Name, row.Control, row.Description, row.Weights, row.First, row.Last,
            variants.GetValueOrDefault(row.Name) ?? [], metrics.GetValueOrDefault(row.Name) ?? []));
        return (tests, metrics.GetValueOrDefault("") ?? []);
    }

    private static List<T> Bucket<T>(Dictionary<string, List<T>> lists, string key)
    {
        if (!lists.TryGetValue(key, out var list)) lists[key] = list = [];
        return list;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTime? NullableTime(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTime>(ordinal);
}
