using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace TSMetrics.Gateway.Api.Health;

/// <summary>/healthz (the process is alive: no checks) and /readyz (the cluster and the database answer).</summary>
public static class HealthHostingExtensions
{
    public const string ReadyTag = "ready";

    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public static IServiceCollection AddTsMetricsGatewayHealth(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: CheckTimeout);
        return services;
    }

    public static IEndpointRouteBuilder MapTsMetricsHealth(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        // The predecessor's scripts and the tests read "ok" as JSON; liveness runs no check at all.
        routes.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = (context, _) => context.Response.WriteAsJsonAsync("ok"),
        }).WithName("Health");
        routes.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).WithName("Ready");
        return routes;
    }
}
