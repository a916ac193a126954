namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// The one place that knows the tiers. Memory (the rings), flushes (one rollup table each), activation,
/// history reads (the coarsest tier dividing the granularity, exact windows over several tiers) and retention
/// all iterate this table; adding a tier is a row here, a value of <see cref="Resolution"/> and its table in a
/// migration.
/// </summary>
public static class RollupTierTable
{
    private const long Second = 1_000_000L;

    /// <summary>Finest first; indexed by <see cref="Resolution"/>.</summary>
    public static readonly RollupTier[] All =
    [
        new(Resolution.Second, Second, "tsm.rollup_1s", TimeSpan.FromMinutes(15), TimeSpan.FromDays(7)),
        new(Resolution.Minute, 60 * Second, "tsm.rollup_1m", TimeSpan.FromHours(24), TimeSpan.FromDays(35)),
        new(Resolution.Hour, 3_600 * Second, "tsm.rollup_1h", TimeSpan.FromDays(7), null),
        new(Resolution.Day, 86_400 * Second, "tsm.rollup_1d", TimeSpan.FromDays(7), null),
    ];

    /// <summary>Every resolution, finest first.</summary>
    public static readonly Resolution[] Resolutions = [.. All.Select(t => t.Resolution)];

    /// <summary>The tier of a resolution.</summary>
    public static RollupTier Tier(this Resolution resolution) => All[(int)resolution];

    /// <summary>Bucket width of a resolution.</summary>
    public static long Micros(this Resolution resolution) => All[(int)resolution].WidthMicros;

    /// <summary>Rollup table of a resolution.</summary>
    public static string TableName(this Resolution resolution) => All[(int)resolution].Table;

    /// <summary>The coarsest tier whose buckets divide <paramref name="micros"/>.</summary>
    public static RollupTier CoarsestDividing(long micros)
    {
        for (var i = All.Length - 1; i > 0; i--)
            if (micros % All[i].WidthMicros == 0) return All[i];
        return All[0];
    }
}
