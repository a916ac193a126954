using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TSMetrics.Gateway.Api.Limits;

/// <summary>
/// Rate limits per caller (per API key; per client address in development mode), per gateway. A key may
/// carry its own ingest and query rates, which replace these defaults for it.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "TSMetrics:RateLimits";

    /// <summary>Points per second one caller may ingest, sustained. Default 200,000; 1 to 100,000,000.</summary>
    [Range(1, 100_000_000)]
    public int IngestPointsPerSecond { get; set; } = 200_000;

    /// <summary>
    /// Points one caller may send at once above the sustained rate (the bucket size). At least the largest
    /// batch, or such a batch could never pass; default 2 seconds' worth of the caller's rate.
    /// </summary>
    [Range(1, 1_000_000_000)]
    public int? IngestBurstPoints { get; set; }

    /// <summary>Queries (and live connections) per second per caller, sustained. Default 100; 1 to 1,000,000.</summary>
    [Range(1, 1_000_000)]
    public int QueriesPerSecond { get; set; } = 100;

    /// <summary>Queries one caller may make at once above the sustained rate. Default 2 seconds' worth.</summary>
    [Range(1, 10_000_000)]
    public int? QueryBurst { get; set; }
}

[OptionsValidator]
public sealed partial class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>;
