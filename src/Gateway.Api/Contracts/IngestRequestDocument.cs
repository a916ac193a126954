namespace TSMetrics.Gateway.Api.Contracts;

/// <summary>
/// The ingest body, for the OpenAPI document: one point like this, an array of them, or
/// <c>{"test", "metric", "variant", "points": [...]}</c> whose points inherit those fields and may be
/// compact <c>[timestamp, value]</c> pairs. A value is a number, or a string for a categorical point ("paypal"). The endpoint reads the body itself, field by field.
/// </summary>
public sealed record IngestRequestDocument(
    string? Test, string? Variant, string Metric, PointValue Value, string? Timestamp, string? UserId,
    Dictionary<string, object>? Tags);
