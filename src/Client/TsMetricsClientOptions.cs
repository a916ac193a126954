using System.ComponentModel.DataAnnotations;

namespace TSMetrics.Client;

/// <summary>Where and how the client sends points. Bound from the <c>TSMetrics:Client</c> section by default.</summary>
public sealed class TsMetricsClientOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "TSMetrics:Client";

    /// <summary>The gateway, e.g. http://tsmetrics:5221/. Required.</summary>
    [Required]
    public Uri? BaseAddress { get; set; }

    /// <summary>An API key with the <c>ingest</c> scope, sent as <c>X-Api-Key</c>; null in development mode.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Points per request at most (one series per request). Default 1000; 1 to 50000 (the gateway's limit).</summary>
    [Range(1, 50_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>How long a point waits for its batch to fill before it is sent anyway. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Points held waiting to be sent; beyond, new points are dropped and counted. Default 100000.</summary>
    [Range(1, 100_000_000)]
    public int BufferCapacity { get; set; } = 100_000;

    /// <summary>
    /// How long one batch is retried (network errors, 408, 429, 5xx) before its points are given up as failed.
    /// Default 5 min; keep it within the gateway's DedupeWindow (15 min) so a late retry is still recognised.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:15:00")]
    public TimeSpan MaxRetryDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Time-out of one request. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <c>DisposeAsync</c> keeps sending what is buffered before it drops the rest. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
