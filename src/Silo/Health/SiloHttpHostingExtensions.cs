using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using TSMetrics.ServiceDefaults;

namespace TSMetrics.Silo.Health;

/// <summary>The silo's HTTP endpoint (Kestrel on <see cref="SiloHttpOptions.HttpPort"/>): health, Prometheus and the Orleans Dashboard.</summary>
public static class SiloHttpHostingExtensions
{
    /// <summary>Where the Orleans Dashboard is served when <see cref="SiloHttpOptions.Dashboard"/> is on.</summary>
    public const string DashboardPath = "/dashboard";

    public static WebApplicationBuilder AddTsMetricsSiloHttp(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SiloHttpOptions>().BindConfiguration(SiloHttpOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SiloHttpOptions>, SiloHttpOptionsValidator>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var port = kestrel.ApplicationServices.GetRequiredService<IOptions<SiloHttpOptions>>().Value.HttpPort;
            if (port == 0) kestrel.Listen(IPAddress.Loopback, 0);
            else kestrel.ListenAnyIP(port);
        });
        builder.Services.AddHealthChecks()
            .AddCheck<MembershipHealthCheck>("membership", tags: [HealthEndpoints.ReadyTag], timeout: HealthEndpoints.CheckTimeout)
            .AddCheck<MigrationsHealthCheck>("database", tags: [HealthEndpoints.ReadyTag], timeout: HealthEndpoints.CheckTimeout);
        return builder;
    }

    /// <summary>/healthz, /readyz (an active cluster member with a reachable, migrated database), /prometheus and the Orleans Dashboard when enabled.</summary>
    public static WebApplication MapTsMetricsSiloHttp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapTsMetricsHealth();
        app.MapTsMetricsPrometheus();
        if (app.Services.GetRequiredService<IOptions<SiloHttpOptions>>().Value.Dashboard) app.MapOrleansDashboard(routePrefix: DashboardPath);
        return app;
    }
}
