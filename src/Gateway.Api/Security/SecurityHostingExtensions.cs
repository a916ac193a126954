using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Limits;

namespace TSMetrics.Gateway.Api.Security;

public static partial class SecurityHostingExtensions
{
    /// <summary>API keys with scopes, per-caller rate limits, query limits, cardinality and back-pressure.</summary>
    public static IServiceCollection AddTsMetricsSecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ApiKeyResolver>();
        services.AddSingleton<CallerRateLimiter>();
        services.AddSingleton<QueryAdmission>();
        services.AddSingleton<SeriesAdmissionCache>();
        services.AddSingleton<IngestBackPressure>();
        services.AddSingleton<RejectionCounters>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiScopes.Ingest, policy => policy.RequireClaim(ApiScopes.ClaimType, ApiScopes.Ingest, ApiScopes.Admin))
            .AddPolicy(ApiScopes.Read, policy => policy.RequireClaim(ApiScopes.ClaimType, ApiScopes.Read, ApiScopes.Admin))
            .AddPolicy(ApiScopes.Admin, policy => policy.RequireClaim(ApiScopes.ClaimType, ApiScopes.Admin));
        return services;
    }

    /// <summary>Authentication and authorization in the pipeline, and a loud warning when keys are off.</summary>
    public static WebApplication UseTsMetricsSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        var options = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (!options.RequireApiKeys) LogDevelopmentMode(app.Logger);
        else if (string.IsNullOrEmpty(options.BootstrapAdminKey)) LogNoBootstrapKey(app.Logger);
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "DEVELOPMENT MODE: TSMetrics:Security:RequireApiKeys is false, so ANY client may ingest, read, define tests and manage keys without a key. Never expose this gateway beyond your machine.")]
    private static partial void LogDevelopmentMode(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message =
        "API keys are required and no bootstrap admin key is configured (TSMetrics__Security__BootstrapAdminKey); only keys already stored will work.")]
    private static partial void LogNoBootstrapKey(ILogger logger);
}
