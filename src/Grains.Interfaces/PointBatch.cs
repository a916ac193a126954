namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// Points of one series sent in one grain call. Variant names are listed once per batch and points refer
/// to them by index, so a batch of thousands of points carries each name once.
/// </summary>
/// <param name="Variants">Distinct variant names of the batch ("" for a plain metric).</param>
/// <param name="Points">The points, in any order.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.PointBatch")]
public sealed record PointBatch(string[] Variants, SeriesPoint[] Points);
