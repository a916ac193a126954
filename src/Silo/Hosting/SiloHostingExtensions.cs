using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;
using TSMetrics.Grains.Hosting;
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
        silo.Services.AddSingleton<RetentionService>();
        silo.Services.AddHostedService(services => services.GetRequiredService<RetentionService>());
        return silo;
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
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = configuration["Orleans:ClusterId"] ?? "tsmetrics";
                options.ServiceId = configuration["Orleans:ServiceId"] ?? "tsmetrics";
            });
            silo.UseLocalhostClustering(
                configuration.GetValue("Orleans:SiloPort", EndpointOptions.DEFAULT_SILO_PORT),
                configuration.GetValue("Orleans:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT),
                serviceId: configuration["Orleans:ServiceId"] ?? "tsmetrics",
                clusterId: configuration["Orleans:ClusterId"] ?? "tsmetrics");
            silo.AddTsMetricsGrains();
        });
        builder.Services.AddTsMetricsDemoTraffic(configuration);
        return builder;
    }
}
