using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TSMetrics.Silo.Demo;

public static class DemoServiceCollectionExtensions
{
    /// <summary>Registers the history seeder; call before the silo so it runs first.</summary>
    public static IServiceCollection AddTsMetricsDemoHistory(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DemoOptions>, DemoOptionsValidator>();
        services.AddHostedService<DemoHistorySeeder>();
        return services;
    }

    /// <summary>Registers the live demo traffic; call after the silo so it starts once grains can run.</summary>
    public static IServiceCollection AddTsMetricsDemoTraffic(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddHostedService<DemoTrafficService>();
        return services;
    }
}
