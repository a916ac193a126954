using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// How long each tier's rollups are kept (TSMetrics:Storage:*RollupRetention; defaults from the tier table).
/// The silo drops them by it; the gateway reads exact windows only from what the tiers still hold, so set
/// these once for both.
/// </summary>
public sealed class RollupRetentionOptions
{
    /// <summary>The configuration section, shared with the silo's other storage settings.</summary>
    public const string SectionName = "TSMetrics:Storage";

    /// <summary>How long 1-second rollups are kept. Default (the tier table) 7 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan? SecondRollupRetention { get; set; } = Resolution.Second.Tier().Retention;

    /// <summary>How long 1-minute rollups are kept. Default (the tier table) 35 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan? MinuteRollupRetention { get; set; } = Resolution.Minute.Tier().Retention;

    /// <summary>How long 1-hour rollups are kept. Default (the tier table): kept.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "36500.00:00:00")]
    public TimeSpan? HourRollupRetention { get; set; } = Resolution.Hour.Tier().Retention;

    /// <summary>How long 1-day rollups are kept. Default (the tier table): kept.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "36500.00:00:00")]
    public TimeSpan? DayRollupRetention { get; set; } = Resolution.Day.Tier().Retention;

    /// <summary>The retention of a tier's rollups, null when they are kept.</summary>
    public TimeSpan? For(Resolution resolution) => resolution switch
    {
        Resolution.Second => SecondRollupRetention,
        Resolution.Minute => MinuteRollupRetention,
        Resolution.Hour => HourRollupRetention,
        _ => DayRollupRetention,
    };
}

/// <summary>Checks the ranges at start-up.</summary>
[OptionsValidator]
public sealed partial class RollupRetentionOptionsValidator : IValidateOptions<RollupRetentionOptions>;
