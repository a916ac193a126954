namespace TSMetrics.Gateway.Api.Contracts;

/// <summary>The answer to an accepted ingest: every point is durable.</summary>
/// <param name="Accepted">Points stored.</param>
/// <param name="Series">Distinct (test, metric) series they went to.</param>
/// <param name="BatchId">The request's idempotency key (the client's, or one the gateway made).</param>
public sealed record IngestResponse(int Accepted, int Series, string BatchId);
