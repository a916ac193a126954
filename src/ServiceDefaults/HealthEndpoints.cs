using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TSMetrics.ServiceDefaults;

/// <summary>/healthz (the process answers: no checks run) and /readyz (every check tagged <see cref="ReadyTag"/>: 200 or 503).</summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";

    /// <summary>How long one readiness check may take before it counts as failed.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public static IEndpointRouteBuilder MapTsMetricsHealth(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        // "ok" as JSON, as the gateway answered before health checks (scripts and tests read it).
        routes.MapHealthChecks(LivePath, new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = (context, _) => context.Response.WriteAsJsonAsync("ok"),
        }).WithName("Health");
        routes.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).WithName("Ready");
        return routes;
    }
}
