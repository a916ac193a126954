namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>The points of one request and the batch-level defaults they inherit.</summary>
internal sealed class ParsedBatch
{
    public List<RawPoint> Points { get; } = [];

    /// <summary>The client's idempotency key for the whole request, from the body's "batchId".</summary>
    public string? BatchId { get; set; }

    /// <summary>True for a body that is one point object rather than a batch.</summary>
    public bool IsSinglePoint { get; set; }

    /// <summary>How the front door's clients spell the fields, for error paths.</summary>
    public FieldNames Names { get; set; } = FieldNames.Native;

    /// <summary>Batch-level fields of <c>{"test": ..., "points": [...]}</c>, given to points that lack them.</summary>
    public RawPoint Defaults;

    /// <summary>The error key of a point's field: "value" for a single point, "points[3].value" in a batch.</summary>
    public string FieldPath(int index, string field) =>
        index < 0 || IsSinglePoint ? Names.Of(field) : $"{Names.Points}[{index}].{Names.Of(field)}";
}
