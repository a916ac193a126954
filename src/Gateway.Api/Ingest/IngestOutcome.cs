namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>How an ingest request ended.</summary>
internal enum IngestStatus
{
    Stored,
    Invalid,
    TooLarge,
    Unavailable,
    RateLimited,
    CardinalityExceeded,
    Busy,
    Refused,
}

/// <summary>The result of <see cref="IngestPipeline.IngestAsync"/>.</summary>
internal sealed record IngestOutcome(
    IngestStatus Status, int Accepted = 0, int Series = 0, IngestErrors? Errors = null, string? Detail = null, string? BatchId = null,
    TimeSpan RetryAfter = default, string? Field = null);
