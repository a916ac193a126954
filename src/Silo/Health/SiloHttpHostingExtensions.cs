using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TSMetrics.ServiceDefaults;

namespace TSMetrics.Silo.Health;

/// <summary>The silo's HTTP endpoint (Kestrel on <see cref="SiloHttpOptions.HttpPort"/>): health, Prometheus and the Orleans Dashboard.</summary>
public static class SiloHttpHostingExtensions
{
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

    /// <summary>/healthz, /readyz (an active cluster member with a reachable, migrated database) and /prometheus.</summary>
    public static WebApplication MapTsMetricsSiloHttp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapTsMetricsHealth();
        app.MapTsMetricsPrometheus();
        return app;
    }
}
