namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>
/// How a front door spells the fields of a point, so that every error names the field as its client sent
/// it ("data[3].time" on the FastAPI door, "ts" on the Tornado one). The pipeline and the validator use the
/// native names; only errors are translated, so this costs nothing on the way to storage.
/// </summary>
internal sealed record FieldNames(
    string Points = "points", string Metric = "metric", string Timestamp = "timestamp", string Value = "value",
    string Test = "test", string Variant = "variant", string UserId = "userId", string BatchId = "batchId")
{
    public static readonly FieldNames Native = new();

    /// <summary>The client's name for a native field name.</summary>
    public string Of(string field) => field switch
    {
        "points" => Points,
        "metric" => Metric,
        "timestamp" => Timestamp,
        "value" => Value,
        "test" => Test,
        "variant" => Variant,
        "userId" => UserId,
        "batchId" => BatchId,
        _ => field,
    };
}
