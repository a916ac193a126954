using Npgsql;
using NpgsqlTypes;

namespace TSMetrics.Gateway.Api.Security;

/// <summary>A stored key as listings show it: never its secret or hash.</summary>
public sealed record ApiKeyRecord(
    long Id, string Name, string Prefix, IReadOnlyList<string> Scopes, int? IngestPointsPerSecond, int? QueriesPerSecond,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>Keys in TimescaleDB, reached through the SECURITY DEFINER functions of db/006_api_keys.sql.</summary>
public sealed class ApiKeyStore(NpgsqlDataSource dataSource)
{
    /// <summary>The live (not revoked) key with this hash, as a caller; null when there is none.</summary>
    public async Task<ApiCaller?> FindAsync(byte[] hash, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, scopes, ingest_points_per_second, queries_per_second FROM tsm.find_api_key($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = hash, NpgsqlDbType = NpgsqlDbType.Bytea });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new ApiCaller(
            "key:" + reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture), reader.GetString(1),
            reader.GetFieldValue<string[]>(2), NullableInt(reader, 3), NullableInt(reader, 4));
    }

    public async Task<ApiKeyRecord> CreateAsync(
        string name, string secret, IReadOnlyList<string> scopes, int? ingestPointsPerSecond, int? queriesPerSecond, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, created_at FROM tsm.create_api_key($1, $2, $3, $4, $5, $6)");
        command.Parameters.Add(new NpgsqlParameter { Value = name, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = ApiKeySecret.Prefix(secret), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = ApiKeySecret.Hash(secret), NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = scopes.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)ingestPointsPerSecond ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)queriesPerSecond ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ApiKeyRecord(reader.GetInt64(0), name, ApiKeySecret.Prefix(secret), scopes, ingestPointsPerSecond, queriesPerSecond,
            reader.GetFieldValue<DateTimeOffset>(1), null);
    }

    public async Task<List<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, name, prefix, scopes, ingest_points_per_second, queries_per_second, created_at, revoked_at FROM tsm.list_api_keys()");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKeyRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new ApiKeyRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3),
                NullableInt(reader, 4), NullableInt(reader, 5), reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return keys;
    }

    /// <summary>True when the key existed and was live; false when it is unknown or already revoked.</summary>
    public async Task<bool> RevokeAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT tsm.revoke_api_key($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = id, NpgsqlDbType = NpgsqlDbType.Bigint });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static int? NullableInt(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);
}
