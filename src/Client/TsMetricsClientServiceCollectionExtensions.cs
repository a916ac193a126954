using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;
using TSMetrics.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ITsMetricsClient"/> as a singleton, with its options and a named <see cref="HttpClient"/>.</summary>
public static class TsMetricsClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds the client, bound to the <c>TSMetrics:Client</c> configuration section and then <paramref name="configure"/>.
    /// Returns the HttpClient builder, to add handlers or resilience of your own.
    /// </summary>
    public static IHttpClientBuilder AddTsMetricsClient(this IServiceCollection services, Action<TsMetricsClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<TsMetricsClientOptions>().BindConfiguration(TsMetricsClientOptions.SectionName).ValidateOnStart();
        if (configure is not null) options.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TsMetricsClientOptions>, TsMetricsClientOptionsValidator>());
        services.TryAddSingleton<ITsMetricsClient>(provider => new TsMetricsClient(
            provider.GetRequiredService<IHttpClientFactory>(), provider.GetRequiredService<IOptions<TsMetricsClientOptions>>(),
            provider.GetRequiredService<ILogger<TsMetricsClient>>(), provider.GetService<TimeProvider>(), provider.GetService<IMeterFactory>()));
        return services.AddHttpClient(TsMetricsClient.HttpClientName, (provider, http) =>
        {
            var settings = provider.GetRequiredService<IOptions<TsMetricsClientOptions>>().Value;
            // A base path without its trailing slash would lose its last segment to "v1/points".
            var address = settings.BaseAddress!.ToString();
            http.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
            http.Timeout = settings.RequestTimeout;
            if (!string.IsNullOrEmpty(settings.ApiKey)) http.DefaultRequestHeaders.Add("X-Api-Key", settings.ApiKey);
        });
    }
}
