namespace TSMetrics.Gateway.Api.Security;

/// <summary>
/// Who is calling, as the authentication handler established it: the key (or the development caller) with
/// its scopes and its own rate limits, if the key has any. <see cref="Partition"/> keys the rate limiters.
/// </summary>
public sealed record ApiCaller(string Partition, string Name, IReadOnlyList<string> Scopes, int? IngestPointsPerSecond, int? QueriesPerSecond);
