namespace TSMetrics.Grains.Buckets;

/// <summary>The bucket widths the grains keep in memory and flush to their own rollup tables.</summary>
public enum Resolution
{
    Second = 0,
    Minute = 1,
    Hour = 2,
}

/// <summary>Facts about each <see cref="Resolution"/>.</summary>
public static class Resolutions
{
    public static readonly Resolution[] All = [Resolution.Second, Resolution.Minute, Resolution.Hour];

    public static long Micros(this Resolution resolution) => resolution switch
    {
        Resolution.Second => 1_000_000L,
        Resolution.Minute => 60_000_000L,
        Resolution.Hour => 3_600_000_000L,
        _ => throw new ArgumentOutOfRangeException(nameof(resolution)),
    };

    public static string TableName(this Resolution resolution) => resolution switch
    {
        Resolution.Second => "tsm.rollup_1s",
        Resolution.Minute => "tsm.rollup_1m",
        Resolution.Hour => "tsm.rollup_1h",
        _ => throw new ArgumentOutOfRangeException(nameof(resolution)),
    };
}
