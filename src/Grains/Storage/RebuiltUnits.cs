namespace TSMetrics.Grains.Storage;

/// <summary>A series' unit totals as rebuilt from the journal for a new start.</summary>
/// <param name="Units">The totals now stored, in order of first sight.</param>
/// <param name="RefusedPoints">Points of units beyond the series' unit limit, left out.</param>
public sealed record RebuiltUnits(IReadOnlyList<StoredUnit> Units, long RefusedPoints);
