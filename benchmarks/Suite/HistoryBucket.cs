namespace TSMetrics.Benchmarks.Suite;

/// <summary>One answered 5-minute bucket of one variant, from either side.</summary>
public readonly record struct HistoryBucket(string Variant, long StartSeconds, long Count, double Average, double Min, double Max);
