namespace TSMetrics.Grains.Interfaces;

/// <summary>One tier of buckets: kept in memory for a span, flushed to its own rollup table, kept there for its retention.</summary>
/// <param name="Resolution">Which tier.</param>
/// <param name="WidthMicros">Bucket width.</param>
/// <param name="Table">Its rollup table.</param>
/// <param name="MemorySpan">How far back the grains hold it in memory by default (TSMetrics:Window).</param>
/// <param name="Retention">How long its rollups are kept by default (TSMetrics:Storage); null: kept.</param>
public sealed record RollupTier(Resolution Resolution, long WidthMicros, string Table, TimeSpan MemorySpan, TimeSpan? Retention);
