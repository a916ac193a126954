namespace TSMetrics.Benchmarks.Suite;

/// <summary>One heap report line of the silo: managed heap after a full collection, and working set.</summary>
public readonly record struct HeapReading(DateTime At, long HeapBytes, long WorkingSetBytes);
