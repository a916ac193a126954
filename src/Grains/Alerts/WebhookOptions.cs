using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TSMetrics.Grains.Alerts;

/// <summary>Where webhooks may point, and how deliveries are made. Read by silos, which make the requests.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "TSMetrics:Webhooks";

    /// <summary>
    /// Host names or addresses hooks may target (exact, case-insensitive; "*.example.com" for subdomains).
    /// Default empty: no hook can be created until hosts are allowed explicitly.
    /// </summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>The dashboard's public address, for the link in each delivery. Default http://localhost:5221/.</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5221/";

    /// <summary>Time-out of one delivery attempt. Default 10 s; 100 ms to 2 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per delivery before giving up. Default 10; 1 to 50.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Wait before the first retry; each further retry waits twice as long. Default 1 s; 10 ms to 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between two attempts. Default 5 min; 10 ms to 1 day.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Deliveries waiting in a silo's queue; beyond it they stay pending in the database for the next activation. Default 10,000.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Deliveries in flight at once per silo. Default 8; 1 to 256.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 8;
}

[OptionsValidator]
public sealed partial class WebhookOptionsValidator : IValidateOptions<WebhookOptions>;
