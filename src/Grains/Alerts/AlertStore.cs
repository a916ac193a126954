using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Alerts;

/// <summary>A test's alert rules and the last change of state of what they watch. Only the alert grain calls it.</summary>
public sealed class AlertStore(NpgsqlDataSource dataSource)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private const string SelectRules = "SELECT definition::text FROM tsm.alert_rules WHERE test = $1";

    private const string UpsertRule = """
        INSERT INTO tsm.alert_rules (test, rule_id, definition) VALUES ($1, $2, $3)
        ON CONFLICT (test, rule_id) DO UPDATE SET definition = excluded.definition
        """;

    private const string DeleteRule = "DELETE FROM tsm.alert_rules WHERE test = $1 AND rule_id = $2";

    private const string SelectStates = "SELECT rule_id, metric, variant, raised, changed_at, message, figures::text FROM tsm.alert_states WHERE test = $1";

    public async Task<Dictionary<string, AlertRule>> LoadRulesAsync(string test, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectRules);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = test });
        var rules = new Dictionary<string, AlertRule>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            if (JsonSerializer.Deserialize<AlertRule>(reader.GetString(0), Json) is { } rule) rules[rule.Id] = rule;
        return rules;
    }

    public async Task SaveRuleAsync(string test, AlertRule rule, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(UpsertRule);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = test });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = rule.Id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(rule with { IsDefault = false }, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteRuleAsync(string test, string ruleId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(DeleteRule);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = test });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ruleId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<List<AlertStatus>> LoadStatesAsync(string test, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectStates);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = test });
        var states = new List<AlertStatus>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var figures = JsonSerializer.Deserialize<Dictionary<string, double>>(reader.GetString(6), Json) ?? [];
            states.Add(new AlertStatus(
                reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetBoolean(3), reader.GetFieldValue<DateTime>(4), reader.GetString(5), figures));
        }

        return states;
    }
}
