using Npgsql;

namespace TSMetrics.Grains.Storage;

/// <summary>
/// Tells a write that PostgreSQL refused for its data (a value it cannot store, a violated constraint)
/// from one that failed because the database was unreachable: the first certainly stored nothing and
/// will fail again however often it is retried; the second may have committed.
/// </summary>
public static class RefusedData
{
    // SQLSTATE classes: 22 data exception, 23 integrity constraint violation, 54 program limit exceeded.
    public static bool Is(Exception exception) =>
        exception is PostgresException { SqlState: ['2', '2', ..] or ['2', '3', ..] or ['5', '4', ..] };

    /// <summary>The server's reason, as a client may read it.</summary>
    public static string Reason(Exception exception) =>
        exception is PostgresException postgres ? $"{postgres.MessageText} (SQLSTATE {postgres.SqlState})" : exception.Message;
}
