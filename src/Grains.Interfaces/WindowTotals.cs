namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// A series' statistics per variant over a window, as far back as memory reaches. The caller adds what
/// storage holds for [window start, <see cref="CoveredFromMicros"/>) from the rollups of <see cref="ResolutionMicros"/>.
/// </summary>
/// <param name="Metric">The metric.</param>
/// <param name="Definition">The metric's definition (kind, direction, unit).</param>
/// <param name="CoveredFromMicros">Start of the part memory answered; aligned to <paramref name="ResolutionMicros"/>.</param>
/// <param name="ResolutionMicros">Width of the buckets the answer was summed from.</param>
/// <param name="Variants">Per variant, the statistics of the covered part.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.WindowTotals")]
public sealed record WindowTotals(string Metric, MetricDefinition Definition, long CoveredFromMicros, long ResolutionMicros, VariantTotals[] Variants);

/// <summary>One variant's statistics over a window.</summary>
[GenerateSerializer, Immutable, Alias("TSMetrics.VariantTotals")]
public sealed record VariantTotals(string Variant, SummaryStats Stats);
