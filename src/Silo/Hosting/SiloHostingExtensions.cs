using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Diagnostics;
using TSMetrics.Grains;
using TSMetrics.Grains.Hosting;
using TSMetrics.ServiceDefaults;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Silo.Demo;
using TSMetrics.Silo.Diagnostics;
using TSMetrics.Silo.Health;
using TSMetrics.Silo.Storage;

namespace TSMetrics.Silo.Hosting;

public static class SiloHostingExtensions
{
    public const string ConnectionStringName = "TimescaleDb";

    /// <summary>
    /// Registers the database: one <see cref="NpgsqlDataSource"/> and the migrator, which runs before
    /// anything registered after it (the silo among them) starts.
    /// </summary>
    public static IServiceCollection AddTsMetricsDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not configured.");
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        services.AddHostedService<DatabaseMigrator>();
        return services;
    }

    /// <summary>Registers the grains' services and the storage housekeeping on a silo.</summary>
    public static ISiloBuilder AddTsMetricsGrains(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddTsMetricsGrainServices();
        // Live snapshots fan out to gateways on memory streams; ingest never uses streams (direct calls are
        // an order of magnitude faster). Where subscriptions are kept is the clustering's choice.
        silo.AddMemoryStreams(StreamNames.Provider, streams =>
        {
            streams.ConfigurePartitioning(StreamNames.Queues);
            // Subscribers want the latest snapshot, never a replay: Orleans' default keeps every message up to
            // 30 minutes (1 MB buffers piling up at about 2 MB a minute under the memory soak's traffic).
            streams.ConfigureCacheEviction(options => options.Configure(eviction =>
            {
                eviction.DataMinTimeInCache = StreamNames.CacheTime;
                eviction.DataMaxAgeInCache = StreamNames.CacheTime * 2;
            }));
        });
        silo.AddActivityPropagation(); // a gateway's trace goes on into the grain call
        silo.Services.AddSingleton<RetentionService>();
        silo.Services.AddHostedService(services => services.GetRequiredService<RetentionService>());
        silo.Services.AddSingleton<JournalCatchUpService>();
        silo.Services.AddHostedService(services => services.GetRequiredService<JournalCatchUpService>());
        return silo;
    }

    /// <summary>
    /// Cluster membership and shared grain state, by configuration (TSMetrics:Clustering):
    /// <list type="bullet">
    /// <item>Localhost (default): one machine, silos on loopback, stream subscriptions in memory.</item>
    /// <item>Development: the silo advertises Orleans:AdvertisedHost (a container name, say); the first silo
    /// at Orleans:PrimarySiloHost keeps membership.</item>
    /// <item>AdoNet: membership and stream subscriptions in the same PostgreSQL, so any number of silos
    /// join, leave or crash; each advertises Orleans:AdvertisedHost (default 127.0.0.1; "*" for the
    /// machine's own host name).</item>
    /// </list>
    /// </summary>
    public static ISiloBuilder UseTsMetricsClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var clusterId = configuration["Orleans:ClusterId"] ?? "tsmetrics";
        var serviceId = configuration["Orleans:ServiceId"] ?? "tsmetrics";
        var siloPort = configuration.GetValue("Orleans:SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
        var gatewayPort = configuration.GetValue("Orleans:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
        var advertisedHost = configuration["Orleans:AdvertisedHost"];
        var mode = configuration["TSMetrics:Clustering"] ?? (string.IsNullOrEmpty(advertisedHost) ? "Localhost" : "Development");
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = clusterId;
            options.ServiceId = serviceId;
        });

        switch (mode.ToLowerInvariant())
        {
            case "localhost":
                silo.AddMemoryGrainStorage(StreamNames.PubSubStore);
                return silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: serviceId, clusterId: clusterId);
            case "development":
                var primaryHost = configuration["Orleans:PrimarySiloHost"] ?? advertisedHost!;
                var primary = new IPEndPoint(Dns.GetHostAddresses(primaryHost).First(a => a.AddressFamily == AddressFamily.InterNetwork), siloPort);
                silo.AddMemoryGrainStorage(StreamNames.PubSubStore);
                silo.UseDevelopmentClustering(primary);
                return silo.ConfigureEndpoints(advertisedHost!, siloPort, gatewayPort, AddressFamily.InterNetwork, listenOnAnyHostAddress: true);
            case "adonet":
                var connectionString = configuration.GetConnectionString(ConnectionStringName);
                silo.UseAdoNetClustering(options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = connectionString;
                });
                silo.AddAdoNetGrainStorage(StreamNames.PubSubStore, options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = connectionString;
                });
                // "*": this machine's own host name, so identical replicas (docker compose --scale) each advertise their own address.
                return advertisedHost switch
                {
                    null or "" => silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort),
                    "*" => silo.ConfigureEndpoints(siloPort, gatewayPort, AddressFamily.InterNetwork, listenOnAnyHostAddress: true),
                    _ => silo.ConfigureEndpoints(advertisedHost, siloPort, gatewayPort, AddressFamily.InterNetwork, listenOnAnyHostAddress: true),
                };
            default:
                throw new InvalidOperationException($"TSMetrics:Clustering is '{mode}'; use Localhost, Development or AdoNet.");
        }
    }

    /// <summary>The whole silo process: database, demo history (when enabled), Orleans, demo traffic, the health endpoint.</summary>
    public static WebApplicationBuilder AddTsMetricsSilo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Services.AddTsMetricsDatabase(configuration);
        builder.Services.AddTsMetricsDemoHistory(configuration);
        builder.UseOrleans(silo =>
        {
            silo.UseTsMetricsClustering(configuration);
            silo.AddTsMetricsGrains();
            // Off by default: it profiles every grain call, and its page is open to whoever reaches the port.
            if (configuration.GetValue<bool>($"{SiloHttpOptions.SectionName}:{nameof(SiloHttpOptions.Dashboard)}")) silo.AddDashboard();
        });
        builder.AddTsMetricsTelemetry("tsmetrics-silo",
            [ActivitySources.ApplicationGrainActivitySourceName, ActivitySources.LifecycleActivitySourceName, GrainsTelemetry.Name],
            ["Microsoft.Orleans", GrainsTelemetry.Name]);
        builder.Services.AddTsMetricsDemoTraffic(configuration);
        builder.Services.AddTsMetricsHeapReport(configuration);
        builder.AddTsMetricsSiloHttp();
        return builder;
    }
}
