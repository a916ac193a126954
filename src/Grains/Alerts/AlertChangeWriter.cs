using Npgsql;
using NpgsqlTypes;

namespace TSMetrics.Grains.Alerts;

/// <summary>
/// The one transaction that records changes of alert state together with the deliveries they cause, so a
/// change is never stored without its deliveries, nor a delivery without its change.
/// </summary>
public sealed class AlertChangeWriter(NpgsqlDataSource dataSource)
{
    private const string UpsertState = """
        INSERT INTO tsm.alert_states (test, rule_id, subject, metric, variant, raised, changed_at, event_id, message, figures)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        ON CONFLICT (test, rule_id, subject) DO UPDATE SET raised = excluded.raised, changed_at = excluded.changed_at,
            event_id = excluded.event_id, message = excluded.message, figures = excluded.figures, metric = excluded.metric, variant = excluded.variant
        """;

    private const string InsertDelivery = """
        INSERT INTO tsm.webhook_deliveries (hook_id, event_id, test, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $5)
        ON CONFLICT DO NOTHING
        """;

    /// <summary>Stores the new states and one delivery per (change, hook) in one transaction.</summary>
    public async Task RecordChangesAsync(string test, IReadOnlyList<AlertChange> changes, IReadOnlyList<PendingDelivery> deliveries, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch)
        {
            foreach (var change in changes)
            {
                var status = change.Status;
                var command = new NpgsqlBatchCommand(UpsertState);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = test });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status.RuleId });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status.Subject });
                command.Parameters.Add(new NpgsqlParameter { Value = (object?)status.Metric ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = (object?)status.Variant ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = status.Raised });
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = status.ChangedAt });
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = change.EventId });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status.Message });
                command.Parameters.Add(new NpgsqlParameter<string>
                {
                    TypedValue = System.Text.Json.JsonSerializer.Serialize(status.Figures, AlertStore.Json), NpgsqlDbType = NpgsqlDbType.Jsonb,
                });
                batch.BatchCommands.Add(command);
            }

            foreach (var delivery in deliveries)
            {
                var command = new NpgsqlBatchCommand(InsertDelivery);
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = delivery.Hook.Id });
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = delivery.EventId });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = test });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = delivery.Body });
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = delivery.NextAttemptAt });
                batch.BatchCommands.Add(command);
            }

            if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
