using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TSMetrics.Silo.Health;

/// <summary>The silo's HTTP endpoint (Kestrel on <see cref="SiloHttpOptions.HttpPort"/>): /healthz and /readyz.</summary>
public static class SiloHttpHostingExtensions
{
    public const string ReadyTag = "ready";

    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

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
            .AddCheck<MembershipHealthCheck>("membership", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<MigrationsHealthCheck>("database", tags: [ReadyTag], timeout: CheckTimeout);
        return builder;
    }

    /// <summary>/healthz: the process answers (no checks); /readyz: an active cluster member with a reachable, migrated database.</summary>
    public static WebApplication MapTsMetricsSiloHttp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = (context, _) => context.Response.WriteAsJsonAsync("ok") });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
