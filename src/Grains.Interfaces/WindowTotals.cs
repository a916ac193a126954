namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// A series' statistics per variant over exactly [<see cref="CoveredFromMicros"/>, <see cref="CoveredToMicros"/>),
/// the part of the asked window that memory holds. The caller adds what storage holds for the rest.
/// </summary>
/// <param name="Metric">The metric.</param>
/// <param name="Definition">The metric's definition (kind, direction, unit).</param>
/// <param name="CoveredFromMicros">Start of the part memory answered (equal to the end when it answered nothing).</param>
/// <param name="CoveredToMicros">End of the part memory answered.</param>
/// <param name="Variants">Per variant, the statistics of the covered part.</param>
/// <param name="Units">Per variant with user ids, its sums over users since the test started (not windowed); empty when no point carried a user id.</param>
/// <param name="RefusedUnitPoints">Points of new users left out of <paramref name="Units"/> at the series' unit limit.</param>
/// <param name="CrossedUnits">Users seen in more than one variant, left out of <paramref name="Units"/>.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.WindowTotals")]
public sealed record WindowTotals(string Metric, MetricDefinition Definition, long CoveredFromMicros, long CoveredToMicros, VariantTotals[] Variants,
    VariantUnits[]? Units = null, long RefusedUnitPoints = 0, long CrossedUnits = 0);

/// <summary>One variant's statistics over a window.</summary>
/// <param name="Variant">The variant.</param>
/// <param name="Stats">Statistics of the numeric points.</param>
/// <param name="Bins">Values per quantile bin (<see cref="QuantileBins"/>), when the series keeps percentiles.</param>
/// <param name="Categories">Points per string value, when the series has string values.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.VariantTotals")]
public sealed record VariantTotals(string Variant, SummaryStats Stats, KeyedCounts? Bins = null, CategoryCount[]? Categories = null);
