namespace TSMetrics.Grains.Interfaces;

/// <summary>The buckets of one variant, in time order; empty buckets are left out.</summary>
/// <param name="Variant">The variant name ("" for a plain metric).</param>
/// <param name="Buckets">Non-empty buckets in ascending time.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.VariantSeries")]
public sealed record VariantSeries(string Variant, SeriesBucket[] Buckets);
