namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// Points of one series sent in one grain call. Variant names are listed once per batch and points refer
/// to them by index, so a batch of thousands of points carries each name once.
/// </summary>
/// <param name="Variants">Distinct variant names of the batch ("" for a plain metric).</param>
/// <param name="Points">The points, in any order.</param>
/// <param name="BatchId">
/// Idempotency key: a series stores a batch id once; a repeated batch (a retry) is acknowledged again
/// without being stored or counted twice, for as long as the dedupe window.
/// </param>
[GenerateSerializer, Immutable, Alias("TSMetrics.PointBatch")]
public sealed record PointBatch(string[] Variants, SeriesPoint[] Points, string? BatchId = null);
