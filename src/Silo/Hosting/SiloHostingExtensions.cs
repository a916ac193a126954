using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Orleans.Configuration;
using TSMetrics.Grains.Hosting;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Silo.Demo;
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
        // an order of magnitude faster). Subscriptions live in memory: gateways subscribe again on reconnect.
        silo.AddMemoryStreams(StreamNames.Provider);
        silo.AddMemoryGrainStorage(StreamNames.PubSubStore);
        silo.Services.AddSingleton<RetentionService>();
        silo.Services.AddHostedService(services => services.GetRequiredService<RetentionService>());
        return silo;
    }

    /// <summary>
    /// Cluster membership by configuration: with no Orleans:AdvertisedHost, localhost clustering for one
    /// machine; with it, the silo advertises that host name (a container name, say) and listens on every
    /// address, with the first silo at Orleans:PrimarySiloHost as the membership primary.
    /// </summary>
    public static ISiloBuilder UseTsMetricsClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var clusterId = configuration["Orleans:ClusterId"] ?? "tsmetrics";
        var serviceId = configuration["Orleans:ServiceId"] ?? "tsmetrics";
        var siloPort = configuration.GetValue("Orleans:SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
        var gatewayPort = configuration.GetValue("Orleans:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
        var advertisedHost = configuration["Orleans:AdvertisedHost"];
        if (string.IsNullOrEmpty(advertisedHost))
            return silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: serviceId, clusterId: clusterId);

        var primaryHost = configuration["Orleans:PrimarySiloHost"] ?? advertisedHost;
        var primary = new IPEndPoint(Dns.GetHostAddresses(primaryHost).First(a => a.AddressFamily == AddressFamily.InterNetwork), siloPort);
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = clusterId;
            options.ServiceId = serviceId;
        });
        silo.UseDevelopmentClustering(primary);
        return silo.ConfigureEndpoints(advertisedHost, siloPort, gatewayPort, AddressFamily.InterNetwork, listenOnAnyHostAddress: true);
    }

    /// <summary>The whole silo process: database, demo history (when enabled), Orleans, demo traffic.</summary>
    public static HostApplicationBuilder AddTsMetricsSilo(this HostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Services.AddTsMetricsDatabase(configuration);
        builder.Services.AddTsMetricsDemoHistory(configuration);
        builder.UseOrleans(silo =>
        {
            silo.UseTsMetricsClustering(configuration);
            silo.AddTsMetricsGrains();
        });
        builder.Services.AddTsMetricsDemoTraffic(configuration);
        return builder;
    }
}
