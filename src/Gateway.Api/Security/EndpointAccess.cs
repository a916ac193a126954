using TSMetrics.Gateway.Api.Limits;

namespace TSMetrics.Gateway.Api.Security;

/// <summary>What each kind of endpoint requires: its scope, and for reads the query limits.</summary>
public static class EndpointAccess
{
    /// <summary>Writing points: an ingest (or admin) key. Rate limits apply per point, inside the ingest path.</summary>
    public static TBuilder ForIngest<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ApiScopes.Ingest);

    /// <summary>Queries: a read (or admin) key, the caller's query rate, the gateway's concurrency cap and the time-out.</summary>
    public static TBuilder ForQueries<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization(ApiScopes.Read).AddEndpointFilter<TBuilder, QueryLimitsFilter>();
        builder.WithRequestTimeout(QueryTimeouts.PolicyName);
        return builder;
    }

    /// <summary>Live streams: a read key and the query rate on connecting; they then stay open, so no time-out.</summary>
    public static TBuilder ForLiveStreams<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ApiScopes.Read).AddEndpointFilter<TBuilder, StreamLimitsFilter>();

    /// <summary>Definitions and key management: an admin key.</summary>
    public static TBuilder ForAdmin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ApiScopes.Admin);
}
