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
public sealed record LiveSeries(long CoveredFromMicros, string? Unit, VariantSeries[] Variants, bool KeepsQuantiles = false)
{
    /// <summary>How far behind its grain's clock a stored point must be to change <see cref="HistoryVersion"/>.</summary>
    public const long LateHorizonMicros = 3_600_000_000L;

    /// <summary>
    /// Changes whenever the grain stores a point older than <see cref="LateHorizonMicros"/> (a late point or a
    /// backfill), and on every activation (it starts at random). While it stays the same, storage's answer for
    /// times before <see cref="StableBeforeMicros"/> stays the same too: a gateway may cache that part.
    /// </summary>
    [Id(4)]
    public long HistoryVersion { get; init; }

    /// <summary>The grain's clock minus <see cref="LateHorizonMicros"/> when it answered.</summary>
    [Id(5)]
    public long StableBeforeMicros { get; init; } = long.MinValue;
}
