using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TSMetrics.Gateway.Api.Storage;

/// <summary>
/// What the gateway must know of the silo's retention to read history exactly. Same key as the silo's
/// setting (TSMetrics:Storage:SecondRollupRetention): configure it once for both.
/// </summary>
public sealed class RollupRetentionOptions
{
    public const string SectionName = "TSMetrics:Storage";

    /// <summary>How long 1-second rollups are kept. Default 7 days; 1 hour to 10 years.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan SecondRollupRetention { get; set; } = TimeSpan.FromDays(7);
}

[OptionsValidator]
public sealed partial class RollupRetentionOptionsValidator : IValidateOptions<RollupRetentionOptions>;
