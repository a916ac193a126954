using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TSMetrics.Gateway.Api.Security;

/// <summary>Who may call the API.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "TSMetrics:Security";

    /// <summary>
    /// Whether requests need an API key (header X-Api-Key). Default true. False is development mode: every
    /// request may do everything, and the gateway says so loudly in its log at start.
    /// </summary>
    public bool RequireApiKeys { get; set; } = true;

    /// <summary>
    /// An admin key taken from configuration (environment TSMetrics__Security__BootstrapAdminKey), so that
    /// the first keys can be created. At least 32 characters. Unset by default.
    /// </summary>
    [MinLength(32)]
    public string? BootstrapAdminKey { get; set; }

    /// <summary>How long a gateway trusts a key it looked up; revocation reaches other gateways within it. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}

[OptionsValidator]
public sealed partial class SecurityOptionsValidator : IValidateOptions<SecurityOptions>;
