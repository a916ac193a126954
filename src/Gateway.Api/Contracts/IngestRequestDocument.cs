namespace TSMetrics.Gateway.Api.Contracts;

/// <summary>
/// The ingest body, for the OpenAPI document: one point like this, an array of them, or
/// <c>{"test", "metric", "variant", "points": [...]}</c> whose points inherit those fields and may be
/// compact <c>[timestamp, value]</c> pairs. The endpoint reads the body itself, field by field.
/// </summary>
public sealed record IngestRequestDocument(
    string? Test, string? Variant, string Metric, double Value, string? Timestamp, string? UserId,
    Dictionary<string, object>? Tags);
