using TSMetrics.Statistics.Units;

namespace TSMetrics.Grains.Buckets;

/// <summary>A change of one unit's totals since the last unit flush (the flush stores the parts these fall in).</summary>
/// <param name="VariantIndex">Index into the series' variant names.</param>
/// <param name="UnitHash">The unit id's hash (UnitIdHash).</param>
/// <param name="Totals">Points and sum to add.</param>
public readonly record struct UnitRow(int VariantIndex, ulong UnitHash, UnitTotals Totals);
