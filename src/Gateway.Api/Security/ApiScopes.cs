namespace TSMetrics.Gateway.Api.Security;

/// <summary>
/// What a key may do. Ingest keys only write points (the services that report); read keys query and watch
/// (dashboards, analysts); admin keys define tests and metrics, manage keys, and may also read and ingest.
/// </summary>
public static class ApiScopes
{
    public const string Ingest = "ingest";
    public const string Read = "read";
    public const string Admin = "admin";

    /// <summary>The claim type that carries a caller's scopes.</summary>
    public const string ClaimType = "tsm:scope";

    public static readonly IReadOnlyList<string> All = [Ingest, Read, Admin];

    public static bool IsKnown(string scope) => scope is Ingest or Read or Admin;
}
