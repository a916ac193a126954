using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TSMetrics.Grains.Alerts;
using TSMetrics.Grains.Cardinality;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Grains.Storage;

namespace TSMetrics.Grains.Hosting;

public static class GrainServiceCollectionExtensions
{
    /// <summary>
    /// Registers what the grains depend on: options, the journal and rollup writers, the loader and the
    /// catalog writer, the alert stores and the webhook dispatcher. The caller registers the <see cref="Npgsql.NpgsqlDataSource"/>.
    /// </summary>
    public static IServiceCollection AddTsMetricsGrainServices(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SeriesWindowOptions>().BindConfiguration(SeriesWindowOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SeriesWindowOptions>, SeriesWindowOptionsValidator>();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddOptions<RollupRetentionOptions>().BindConfiguration(RollupRetentionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<RollupRetentionOptions>, RollupRetentionOptionsValidator>();
        services.AddOptions<LiveViewOptions>().BindConfiguration(LiveViewOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<LiveViewOptions>, LiveViewOptionsValidator>();
        services.AddOptions<CardinalityOptions>().BindConfiguration(CardinalityOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<CardinalityOptions>, CardinalityOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SeriesCatalogLoader>();
        services.AddSingleton(WithoutCallerContext<PointJournal>);
        services.AddSingleton(WithoutCallerContext<RollupWriter>);
        services.AddSingleton<SeriesLoader>();
        services.AddSingleton<UnitTotalsRebuilder>();
        services.AddSingleton<UnflushedSeriesFinder>();
        services.AddSingleton<CatalogStore>();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddSingleton<AlertStore>();
        services.AddSingleton<AlertChangeWriter>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton<Orleans.ILifecycleParticipant<Orleans.Runtime.ISiloLifecycle>, AlertWakeUp>();
        return services;
    }

    // The writers start long-lived loops when first resolved, often inside a traced grain call: without
    // this, every later commit would inherit that one request's Activity (and its baggage) for ever.
    private static T WithoutCallerContext<T>(IServiceProvider provider)
    {
        using (ExecutionContext.SuppressFlow()) return ActivatorUtilities.CreateInstance<T>(provider);
    }
}
