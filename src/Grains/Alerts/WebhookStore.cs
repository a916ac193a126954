using Npgsql;
using NpgsqlTypes;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Alerts;

/// <summary>Webhooks, their pending deliveries and their log. Only the alert grain and the dispatcher call it.</summary>
public sealed class WebhookStore(NpgsqlDataSource dataSource)
{
    private const string SelectHooks = "SELECT id, url, secret, created_at FROM tsm.webhooks WHERE test = $1 ORDER BY id";

    private const string InsertHook = "INSERT INTO tsm.webhooks (test, url, secret) VALUES ($1, $2, $3) RETURNING id, created_at";

    private const string DeleteHookSql = "DELETE FROM tsm.webhooks WHERE test = $1 AND id = $2";

    private const string SelectPending = """
        SELECT hook_id, event_id, body, attempts, next_attempt_at FROM tsm.webhook_deliveries
        WHERE test = $1 AND delivered_at IS NULL AND NOT gave_up ORDER BY created_at
        """;

    private const string RecordAttemptSql = """
        WITH delivery AS (
            UPDATE tsm.webhook_deliveries SET attempts = $3, next_attempt_at = $9,
                delivered_at = CASE WHEN $7 THEN $4 END, gave_up = $10
            WHERE hook_id = $1 AND event_id = $2 RETURNING hook_id, event_id)
        INSERT INTO tsm.webhook_attempts (hook_id, event_id, attempt, at, status_code, error, delivered, duration_ms)
        SELECT hook_id, event_id, $3, $4, $5, $6, $7, $8 FROM delivery
        """;

    private const string SelectAttempts = """
        SELECT event_id, attempt, at, status_code, error, delivered, duration_ms FROM tsm.webhook_attempts
        WHERE hook_id = $1 ORDER BY at DESC, attempt DESC LIMIT $2
        """;

    private const string SelectTestsToWake = """
        SELECT name FROM tsm.tests WHERE last_seen >= $1 AND name <> ''
        UNION SELECT DISTINCT test FROM tsm.webhook_deliveries WHERE delivered_at IS NULL AND NOT gave_up
        """;

    public async Task<List<Webhook>> LoadHooksAsync(string test, CancellationToken cancellationToken)
    {
        await using var command = Command(SelectHooks, test);
        var hooks = new List<Webhook>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            hooks.Add(new Webhook(reader.GetInt64(0), test, reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTime>(3)));
        return hooks;
    }

    public async Task<Webhook> AddHookAsync(string test, string url, string secret, CancellationToken cancellationToken)
    {
        await using var command = Command(InsertHook, test, url, secret);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new Webhook(reader.GetInt64(0), test, url, secret, reader.GetFieldValue<DateTime>(1));
    }

    public async Task<bool> DeleteHookAsync(string test, long id, CancellationToken cancellationToken)
    {
        await using var command = Command(DeleteHookSql, test);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<List<PendingDelivery>> LoadPendingAsync(string test, IReadOnlyList<Webhook> hooks, CancellationToken cancellationToken)
    {
        await using var command = Command(SelectPending, test);
        var pending = new List<PendingDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            if (hooks.FirstOrDefault(h => h.Id == reader.GetInt64(0)) is { } hook)
                pending.Add(new PendingDelivery(hook, reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3), reader.GetFieldValue<DateTime>(4)));
        return pending;
    }

    /// <summary>Logs an attempt; false when the delivery no longer exists (its hook was deleted).</summary>
    public async Task<bool> RecordAttemptAsync(PendingDelivery delivery, WebhookAttempt attempt, DateTime nextAttemptAt, bool gaveUp, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(RecordAttemptSql);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = delivery.Hook.Id });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = delivery.EventId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = attempt.Attempt });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = attempt.At });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)attempt.StatusCode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)attempt.Error ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = attempt.Delivered });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = attempt.DurationMilliseconds });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = nextAttemptAt });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = gaveUp });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<WebhookAttempt[]> ReadAttemptsAsync(long hookId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectAttempts);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = hookId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var attempts = new List<WebhookAttempt>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            attempts.Add(new WebhookAttempt(
                reader.GetGuid(0), reader.GetInt32(1), reader.GetFieldValue<DateTime>(2), reader.IsDBNull(3) ? null : reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetBoolean(5), reader.GetDouble(6)));
        return attempts.ToArray();
    }

    /// <summary>Tests whose alert grain should run after a silo start: recently active, or with deliveries still pending.</summary>
    public async Task<List<string>> TestsToWakeAsync(DateTime activeSince, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectTestsToWake);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = activeSince });
        var tests = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) tests.Add(reader.GetString(0));
        return tests;
    }

    private NpgsqlCommand Command(string sql, params string[] values)
    {
        var command = dataSource.CreateCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
        return command;
    }
}
