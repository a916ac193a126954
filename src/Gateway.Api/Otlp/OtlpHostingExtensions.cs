using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Security;

namespace TSMetrics.Gateway.Api.Otlp;

/// <summary>The OTLP/HTTP metrics receiver: its own Kestrel endpoint, its route, and its services.</summary>
public static class OtlpHostingExtensions
{
    public static WebApplicationBuilder AddTsMetricsOtlp(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<OtlpOptions>().BindConfiguration(OtlpOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OtlpOptions>, OtlpOptionsValidator>();
        services.AddSingleton<OtlpReceiver>();
        services.AddSingleton<MatcherPolicy, OtlpPortPolicy>();

        var options = builder.Configuration.GetSection(OtlpOptions.SectionName).Get<OtlpOptions>() ?? new OtlpOptions();
        if (options.Enabled) builder.Configuration.AddInMemoryCollection(KestrelEndpoints(builder.Configuration, options));
        return builder;
    }

    public static WebApplication MapTsMetricsOtlp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Services.GetRequiredService<IOptions<OtlpOptions>>().Value.Enabled) return app;
        // Left out of the OpenAPI document: it describes the main port, where this route does not exist.
        app.MapPost("/v1/metrics", (HttpRequest request, OtlpReceiver receiver, CancellationToken cancellationToken) =>
                receiver.ReceiveAsync(request, cancellationToken))
            .WithName("OtlpExportMetrics")
            .WithMetadata(new OtlpEndpointMetadata())
            .ExcludeFromDescription()
            .ForIngest();
        return app;
    }

    // Kestrel ignores the URLs (ASPNETCORE_URLS, --urls, ASPNETCORE_HTTP_PORTS) once any endpoint is configured,
    // so when only URLs are given they become endpoints too, beside the OTLP one.
    internal static Dictionary<string, string?> KestrelEndpoints(IConfiguration configuration, OtlpOptions options)
    {
        var settings = new Dictionary<string, string?> { ["Kestrel:Endpoints:Otlp:Url"] = $"http://{options.Host}:{options.Port}" };
        if (configuration.GetSection("Kestrel:Endpoints").GetChildren().Any()) return settings;
        var urls = configuration["urls"];
        if (string.IsNullOrEmpty(urls) && configuration["http_ports"] is { Length: > 0 } ports)
            urls = string.Join(';', ports.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(port => $"http://*:{port.Trim()}"));
        if (string.IsNullOrEmpty(urls)) urls = "http://localhost:5000";
        var index = 0;
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            settings[$"Kestrel:Endpoints:Main{index++}:Url"] = url;
        return settings;
    }
}
