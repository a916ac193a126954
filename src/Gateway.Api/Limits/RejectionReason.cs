namespace TSMetrics.Gateway.Api.Limits;

/// <summary>Why a request was refused.</summary>
public enum RejectionReason
{
    Invalid,
    TooLarge,
    RateLimited,
    Cardinality,
    Busy,
    TimedOut,
    Unavailable,
    Refused,
}
