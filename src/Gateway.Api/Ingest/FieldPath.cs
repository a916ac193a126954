namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>
/// Where a parsed field sits ("points[12].value"), turned into text only when an error names it: building
/// the text for every field of every point cost two allocations per point on the ingest path.
/// </summary>
internal readonly record struct FieldPath(ParsedBatch Batch, int Index, string Field)
{
    public string Text => Batch.FieldPath(Index, Field);
}
