using TSMetrics.ServiceDefaults;

namespace TSMetrics.Gateway.Api.Health;

/// <summary>The gateway's readiness: the cluster and the database answer (mapped by <see cref="HealthEndpoints"/>).</summary>
public static class HealthHostingExtensions
{
    public static IServiceCollection AddTsMetricsGatewayHealth(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [HealthEndpoints.ReadyTag], timeout: HealthEndpoints.CheckTimeout)
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthEndpoints.ReadyTag], timeout: HealthEndpoints.CheckTimeout);
        return services;
    }
}
