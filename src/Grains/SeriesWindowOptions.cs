using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains;

/// <summary>How much of each series the grains keep in memory, and how often they flush it.</summary>
public sealed class SeriesWindowOptions
{
    public const string SectionName = "TSMetrics:Window";

    /// <summary>How long 1-second buckets stay in memory. Default (the tier table) 15 minutes; 1 minute to 6 hours.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "06:00:00")]
    public TimeSpan SecondBuckets { get; set; } = Resolution.Second.Tier().MemorySpan;

    /// <summary>How long 1-minute buckets stay in memory. Default (the tier table) 24 hours; 1 hour to 7 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "7.00:00:00")]
    public TimeSpan MinuteBuckets { get; set; } = Resolution.Minute.Tier().MemorySpan;

    /// <summary>How long 1-hour buckets stay in memory. Default (the tier table) 7 days; 1 to 90 days.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "90.00:00:00")]
    public TimeSpan HourBuckets { get; set; } = Resolution.Hour.Tier().MemorySpan;

    /// <summary>How long 1-day buckets stay in memory. Default (the tier table) 7 days; 1 to 400 days.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "400.00:00:00")]
    public TimeSpan DayBuckets { get; set; } = Resolution.Day.Tier().MemorySpan;

    /// <summary>How often a grain flushes closed and changed buckets to the rollup tables. Default 2 s; 100 ms to 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often a grain writes the per-unit (user) totals its points changed; the rollup flushes in between
    /// leave them pending in memory, and the journal holds their points. A user active all the time then costs
    /// one row per interval, not one per rollup flush. Longer means less database work and a longer journal
    /// replay when a grain activates after a crash. Deactivation, catch-up and start rebuilds write them at
    /// once. Default 1 minute; 100 ms to 1 hour.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan UnitFlushInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How far ahead of the silo's clock a point's timestamp may be and still be held in memory. Default
    /// 6 minutes: the gateway's TSMetrics:Ingest:MaxFutureSkew (5 minutes) plus room for the two clocks to
    /// differ; keep it at or above that setting. Points further ahead are stored and flushed, not held live.
    /// 0 to 1 day.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(6);

    /// <summary>
    /// Most distinct units (user ids) a series keeps per-unit totals for, over all its variants. Default
    /// 1,000,000 (about 40 bytes each in memory); 1 to 50,000,000. At the limit a point of a new unit still
    /// counts in the event-level buckets but not in the unit-level analysis: it is counted as refused and
    /// every comparison of the series reports that count.
    /// </summary>
    [Range(1, 50_000_000)]
    public int MaxUnitsPerSeries { get; set; } = 1_000_000;

    /// <summary>
    /// Most distinct string values a series counts apart, over all its variants. Default 200; 1 to 10,000.
    /// Beyond it, further values count together as "(other)" in buckets, rollups and comparisons (the raw
    /// points keep every value as sent).
    /// </summary>
    [Range(1, 10_000)]
    public int MaxCategoriesPerSeries { get; set; } = 200;

    /// <summary>Slots of the ring for a resolution.</summary>
    public int SlotsFor(Resolution resolution)
    {
        var window = resolution switch
        {
            Resolution.Second => SecondBuckets,
            Resolution.Minute => MinuteBuckets,
            Resolution.Hour => HourBuckets,
            _ => DayBuckets,
        };
        return (int)(window.Ticks / 10 / resolution.Micros()) + 1;
    }

    /// <summary>Slots a ring keeps for buckets after now, enough for <see cref="MaxFutureSkew"/>.</summary>
    public int FutureSlotsFor(Resolution resolution)
    {
        var width = resolution.Micros();
        return (int)((MaxFutureSkew.Ticks / 10 + width - 1) / width);
    }
}

[OptionsValidator]
public sealed partial class SeriesWindowOptionsValidator : IValidateOptions<SeriesWindowOptions>;
