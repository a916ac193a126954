namespace TSMetrics.Benchmarks.Suite;

/// <summary>One heap report line of the silo: managed heap after a full collection, working set, and the active series' own estimate of what they hold.</summary>
public readonly record struct HeapReading(DateTime At, long HeapBytes, long WorkingSetBytes, long SeriesBytes);
