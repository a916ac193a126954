using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Diagnostics;
using TSMetrics.Gateway.Api.Apis;
using TSMetrics.Gateway.Api.Comparisons;
using TSMetrics.Gateway.Api.Health;
using TSMetrics.Gateway.Api.Limits;
using TSMetrics.Gateway.Api.Otlp;
using TSMetrics.Gateway.Api.Live;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Gateway.Api.Security;
using TSMetrics.Gateway.Api.Storage;
using TSMetrics.ServiceDefaults;

namespace TSMetrics.Gateway.Api.Hosting;

public static class GatewayHostingExtensions
{
    public const string ConnectionStringName = "TimescaleDb";

    /// <summary>The gateway: an Orleans client of the cluster, the read-only database path, and the HTTP API.</summary>
    public static WebApplicationBuilder AddTsMetricsGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.UseOrleansClient(client => client.UseTsMetricsClustering(configuration).AddMemoryStreams(StreamNames.Provider, streams => streams.ConfigurePartitioning(StreamNames.Queues)).AddActivityPropagation());
        builder.AddTsMetricsTelemetry("tsmetrics-gateway", [ActivitySources.ApplicationGrainActivitySourceName], ["Microsoft.Orleans", GatewayMetrics.MeterName]);

        var connectionString = configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not configured.");
        var services = builder.Services;
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        services.AddSingleton<HistoryReader>();
        services.AddSingleton<BucketUserReader>();
        services.AddSingleton<RollupTiers>();
        services.AddSingleton<RawPointReader>();
        services.AddSingleton<PlainPointReader>();
        services.AddSingleton<UniqueUserReader>();
        services.AddSingleton<KeptSecondsReader>();
        services.AddSingleton<ClusterMemoryReader>();
        services.AddSingleton<MemoryHitCounters>();
        services.AddSingleton<AnalyticsReader>();
        services.AddSingleton<CatalogReader>();
        services.AddSingleton<SeriesQueryService>();
        services.AddSingleton<HistoryCache>();
        services.AddSingleton<StoredStretch>();
        services.AddSingleton<CachedHistoryReader>();
        services.AddSingleton<SeriesRequestReader>();
        services.AddSingleton<IngestPipeline>();
        services.AddSingleton<SeriesSender>();
        services.AddSingleton<BodyIngest>();
        services.AddSingleton<WindowReader>();
        services.AddSingleton<ComparisonService>();
        services.AddSingleton<LiftOverTimeService>();
        services.AddSingleton<LiveHub>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<LiveSession>();
        services.AddSingleton(TimeProvider.System);
        services.AddTsMetricsSecurity();
        services.AddTsMetricsGatewayHealth();
        builder.AddTsMetricsOtlp();

        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngestOptions>, IngestOptionsValidator>();
        services.AddOptions<QueryOptions>().BindConfiguration(QueryOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<QueryOptions>, QueryOptionsValidator>();
        services.AddOptions<HistoryCacheOptions>().BindConfiguration(HistoryCacheOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HistoryCacheOptions>, HistoryCacheOptionsValidator>();
        services.AddOptions<RollupRetentionOptions>().BindConfiguration(RollupRetentionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RollupRetentionOptions>, RollupRetentionOptionsValidator>();
        services.AddRequestTimeouts();
        services.AddOptions<Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutOptions>()
            .Configure<IOptions<QueryOptions>>((timeouts, queries) => QueryTimeouts.AddQueryPolicy(timeouts, queries.Value));

        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        // The traceId of every ProblemDetails is the trace's own id, so an error report leads to its trace.
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToHexString() ?? context.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<UnavailableExceptionHandler>();
        // Unreadable bodies throw in every environment, so BadRequestExceptionHandler answers them the same way.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddOpenApi(openApi => openApi.AddSchemaTransformer<PointValueSchemaTransformer>());
        return builder;
    }

    /// <summary>
    /// Finds the cluster by configuration (TSMetrics:Clustering, as the silos have it): Localhost, the silo
    /// gateway at Orleans:GatewayPort on loopback; Development, on the host(s) in Orleans:GatewayHost
    /// (comma-separated); AdoNet, every live silo listed in the membership table.
    /// </summary>
    public static IClientBuilder UseTsMetricsClustering(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        var clusterId = configuration["Orleans:ClusterId"] ?? "tsmetrics";
        var serviceId = configuration["Orleans:ServiceId"] ?? "tsmetrics";
        var port = configuration.GetValue("Orleans:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
        var hosts = configuration["Orleans:GatewayHost"];
        var mode = configuration["TSMetrics:Clustering"] ?? (string.IsNullOrEmpty(hosts) ? "Localhost" : "Development");
        client.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = clusterId;
            options.ServiceId = serviceId;
        });

        switch (mode.ToLowerInvariant())
        {
            case "localhost":
                return client.UseLocalhostClustering(port, serviceId, clusterId);
            case "development":
                var gateways = new List<IPEndPoint>();
                foreach (var host in hosts!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    foreach (var address in Dns.GetHostAddresses(host))
                        if (address.AddressFamily == AddressFamily.InterNetwork) gateways.Add(new IPEndPoint(address, port));
                return client.UseStaticClustering([.. gateways]);
            case "adonet":
                return client.UseAdoNetClustering(options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = configuration.GetConnectionString(ConnectionStringName);
                });
            default:
                throw new InvalidOperationException($"TSMetrics:Clustering is '{mode}'; use Localhost, Development or AdoNet.");
        }
    }

    /// <summary>Maps every endpoint, the OpenAPI document (/openapi/v1.json), Swagger UI (/swagger) and the dashboard (/).</summary>
    public static WebApplication MapTsMetricsApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.UseTsMetricsDashboard(); // static files stay open, so the page can load far enough to ask for a key
        app.UseTsMetricsSecurity();
        app.UseRequestTimeouts(); // the query time-out (QueryTimeouts); after authentication, so only admitted queries count
        app.MapOpenApi();
        app.UseSwaggerUI(options => options.SwaggerEndpoint("/openapi/v1.json", "TSMetrics"));
        app.MapPointsEndpoints();
        app.MapSeriesEndpoints();
        app.MapLegacyMetricsEndpoints();
        app.MapPlainMetricsEndpoints();
        app.MapTsMetricsOtlp();
        app.MapFastApiEndpoints();
        app.MapAnalyticsEndpoints();
        app.MapCatalogEndpoints();
        app.MapComparisonEndpoints();
        app.MapLiveEndpoints();
        app.MapAdminEndpoints();
        app.MapAlertEndpoints();
        app.MapLiftEndpoints();
        app.MapPowerEndpoints();
        app.MapTsMetricsHealth();
        app.MapTsMetricsPrometheus();
        return app;
    }
}
