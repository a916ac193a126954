namespace TSMetrics.Grains;

/// <summary>What this process' active series hold, for diagnostics outside the grains (the silo's heap report).</summary>
public static class ActiveSeriesMemory
{
    /// <summary>Active series and the bytes their windows and recent batch ids hold by their own estimate (<c>WindowFootprint</c>), as of each series' last flush tick.</summary>
    public static (long Series, long EstimatedBytes) Totals() => (SeriesGauges.Count(), SeriesGauges.Totals().MemoryBytes);
}
