namespace TSMetrics.Grains.Interfaces;

/// <summary>The bucket widths of the tiers; <see cref="RollupTierTable"/> says everything else about each.</summary>
public enum Resolution
{
    /// <summary>1-second buckets.</summary>
    Second = 0,
    /// <summary>1-minute buckets.</summary>
    Minute = 1,
    /// <summary>1-hour buckets.</summary>
    Hour = 2,
    /// <summary>1-day buckets (UTC days).</summary>
    Day = 3,
}
