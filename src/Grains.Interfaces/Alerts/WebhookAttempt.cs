namespace TSMetrics.Grains.Interfaces;

/// <summary>One attempt to deliver one event to one hook: the delivery log's line.</summary>
/// <param name="EventId">The event (the same id on every attempt).</param>
/// <param name="Attempt">1 for the first try.</param>
/// <param name="At">When the attempt ended.</param>
/// <param name="StatusCode">The receiver's HTTP status, or null when no answer came.</param>
/// <param name="Error">What went wrong (time-out, refused connection, a non-2xx answer), or null.</param>
/// <param name="Delivered">True when the receiver accepted it (2xx).</param>
/// <param name="DurationMilliseconds">How long the attempt took.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.WebhookAttempt")]
public sealed record WebhookAttempt(Guid EventId, int Attempt, DateTime At, int? StatusCode, string? Error, bool Delivered, double DurationMilliseconds);
