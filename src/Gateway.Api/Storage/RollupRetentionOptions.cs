using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Storage;

/// <summary>
/// What the gateway must know of the silo's retention to read history exactly. Same keys as the silo's
/// settings (TSMetrics:Storage:*RollupRetention): configure them once for both. Defaults from the tier table.
/// </summary>
public sealed class RollupRetentionOptions
{
    public const string SectionName = "TSMetrics:Storage";

    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan? SecondRollupRetention { get; set; } = Resolution.Second.Tier().Retention;

    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan? MinuteRollupRetention { get; set; } = Resolution.Minute.Tier().Retention;

    [Range(typeof(TimeSpan), "01:00:00", "36500.00:00:00")]
    public TimeSpan? HourRollupRetention { get; set; } = Resolution.Hour.Tier().Retention;

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

[OptionsValidator]
public sealed partial class RollupRetentionOptionsValidator : IValidateOptions<RollupRetentionOptions>;
