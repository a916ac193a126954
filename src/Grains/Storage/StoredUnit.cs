namespace TSMetrics.Grains.Storage;

/// <summary>One unit's totals for a series, as a start rebuild computes them from the journal.</summary>
/// <param name="Variant">The variant the unit was seen in.</param>
/// <param name="UnitHash">The unit id's hash (UnitIdHash).</param>
/// <param name="Points">The unit's points.</param>
/// <param name="Sum">The sum of its values.</param>
public readonly record struct StoredUnit(string Variant, ulong UnitHash, long Points, double Sum);
