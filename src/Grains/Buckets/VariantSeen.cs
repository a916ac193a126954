namespace TSMetrics.Grains.Buckets;

/// <summary>The time range of the points of one variant folded since the last flush, for the catalog.</summary>
public readonly record struct VariantSeen(int VariantIndex, long FromMicros, long ToMicros);
