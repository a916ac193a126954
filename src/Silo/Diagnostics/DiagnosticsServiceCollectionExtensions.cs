using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TSMetrics.Silo.Diagnostics;

public static class DiagnosticsServiceCollectionExtensions
{
    /// <summary>Registers the heap report; it does nothing unless TSMetrics:Diagnostics:HeapReportInterval is set.</summary>
    public static IServiceCollection AddTsMetricsHeapReport(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<HeapReportOptions>().BindConfiguration(HeapReportOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HeapReportOptions>, HeapReportOptionsValidator>();
        services.AddHostedService<HeapReportService>();
        return services;
    }
}
