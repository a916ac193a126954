namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// What a series grain answers from memory. It covers [<see cref="CoveredFromMicros"/>, request end):
/// the caller reads anything earlier from storage, so the two never overlap.
/// </summary>
/// <param name="CoveredFromMicros">The first microsecond the answer covers, aligned to the granularity.</param>
/// <param name="Unit">The metric's unit, when defined.</param>
/// <param name="Variants">Per-variant buckets.</param>
/// <param name="KeepsQuantiles">Whether the series keeps percentiles, so that storage's bins answer them too.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.LiveSeries")]
public sealed record LiveSeries(long CoveredFromMicros, string? Unit, VariantSeries[] Variants, bool KeepsQuantiles = false);
