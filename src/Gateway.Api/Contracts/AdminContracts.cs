namespace TSMetrics.Gateway.Api.Contracts;

/// <summary>Body of POST /v1/admin/keys. Rates left out use the gateway's defaults.</summary>
public sealed record CreateKeyRequest(string? Name, string[]? Scopes, int? IngestPointsPerSecond, int? QueriesPerSecond);

/// <summary>A new key: the secret is in this answer only; it is stored hashed.</summary>
public sealed record CreatedKeyResponse(long Id, string Name, string Key, string Prefix, IReadOnlyList<string> Scopes,
    int? IngestPointsPerSecond, int? QueriesPerSecond, DateTimeOffset CreatedAt);
