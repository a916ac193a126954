using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TSMetrics.ServiceDefaults;

/// <summary>
/// OpenTelemetry as every TSMetrics service has it: ASP.NET Core, HttpClient, Npgsql and runtime instrumentation,
/// the given activity sources and meters (Orleans' and the service's own), a Prometheus scrape endpoint, and
/// the OTLP exporter (traces, metrics, logs) when OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// </summary>
public static class TelemetryHostingExtensions
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IHostApplicationBuilder AddTsMetricsTelemetry(
        this IHostApplicationBuilder builder, string serviceName, IReadOnlyList<string> activitySources, IReadOnlyList<string> meters)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        var settings = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddNpgsqlInstrumentation();
                foreach (var meter in meters) metrics.AddMeter(meter);
                if (!string.IsNullOrEmpty(settings.PrometheusPath)) metrics.AddPrometheusExporter();
                if (otlp) metrics.AddOtlpExporter();
            });
        if (settings.Tracing ?? otlp)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(options => options.Filter = context => !IsProbe(context.Request.Path, settings))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                foreach (var source in activitySources) tracing.AddSource(source);
                if (otlp) tracing.AddOtlpExporter();
            });
        }

        // Per signal, not UseOtlpExporter(): that one would switch tracing on even where it is turned off.
        if (otlp)
        {
            telemetry.WithLogging(logs => logs.AddOtlpExporter(), logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
            });
        }

        return builder;
    }

    /// <summary>Maps the Prometheus scrape endpoint (open, like the health endpoints) unless its path is empty.</summary>
    public static IEndpointRouteBuilder MapTsMetricsPrometheus(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var path = routes.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value.PrometheusPath;
        if (!string.IsNullOrEmpty(path)) routes.MapPrometheusScrapingEndpoint(path);
        return routes;
    }

    // Probes come every few seconds and would drown the traces worth reading.
    private static bool IsProbe(PathString path, TelemetryOptions settings) =>
        path.StartsWithSegments(HealthEndpoints.LivePath) || path.StartsWithSegments(HealthEndpoints.ReadyPath)
        || (!string.IsNullOrEmpty(settings.PrometheusPath) && path.StartsWithSegments(settings.PrometheusPath));
}
