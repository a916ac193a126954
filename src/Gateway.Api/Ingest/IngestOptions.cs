using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>Limits on what one ingest request may carry.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "TSMetrics:Ingest";

    /// <summary>Largest request body, in bytes. Default 16 MiB; 1 KiB to 256 MiB.</summary>
    [Range(1_024, 268_435_456)]
    public int MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Most points in one request. Default 50,000; 1 to 1,000,000.</summary>
    [Range(1, 1_000_000)]
    public int MaxPointsPerBatch { get; set; } = 50_000;

    /// <summary>Longest test, metric or variant name, in characters. Default 128; 1 to 1,024.</summary>
    [Range(1, 1_024)]
    public int MaxNameLength { get; set; } = 128;

    /// <summary>Longest user id, in characters. Default 256; 1 to 4,096.</summary>
    [Range(1, 4_096)]
    public int MaxUserIdLength { get; set; } = 256;

    /// <summary>
    /// Longest string (categorical) value, in characters ("paypal" is 6). Default 200; 1 to 4,096.
    /// </summary>
    [Range(1, 4_096)]
    public int MaxStringValueLength { get; set; } = 200;

    /// <summary>Most tags on one point. Default 32; 0 to 1,024.</summary>
    [Range(0, 1_024)]
    public int MaxTagsPerPoint { get; set; } = 32;

    /// <summary>Largest tags object of one point, as JSON bytes. Default 4,096; 2 to 1 MiB.</summary>
    [Range(2, 1_048_576)]
    public int MaxTagsBytes { get; set; } = 4_096;

    /// <summary>How far in the future a timestamp may be (clock skew). Default 5 minutes; 0 to 1 day.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Oldest accepted timestamp. History of any age is stored (raw for the raw retention after it arrives,
    /// in every rollup tier), so the default is the Unix epoch; raise it to refuse mistakes such as
    /// milliseconds sent as seconds' fractions. Default 1970-01-01T00:00:00Z.
    /// </summary>
    public DateTimeOffset EarliestTimestamp { get; set; } = DateTimeOffset.UnixEpoch;

    /// <summary>
    /// How long the gateway keeps retrying a series whose grain call failed (a silo died, say) before
    /// answering 503. Retries are safe: every request carries a batch id. Default 10 s; 0 to 2 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:02:00")]
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Points one gateway may hold waiting for storage; past it, ingest answers 503 + Retry-After until
    /// storage catches up. Default 2,000,000 (a few hundred MB at most); 1,000 to 1,000,000,000.
    /// </summary>
    [Range(1_000, 1_000_000_000)]
    public long MaxInFlightPoints { get; set; } = 2_000_000;

    /// <summary>Most problems listed in one 400 answer. Default 20; 1 to 1,000.</summary>
    [Range(1, 1_000)]
    public int MaxReportedErrors { get; set; } = 20;
}

[OptionsValidator]
public sealed partial class IngestOptionsValidator : IValidateOptions<IngestOptions>;
