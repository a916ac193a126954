using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TSMetrics.Silo.Diagnostics;

/// <summary>Periodic memory readings for benchmarks and capacity planning.</summary>
public sealed class HeapReportOptions
{
    public const string SectionName = "TSMetrics:Diagnostics";

    /// <summary>
    /// How often to force a full, compacting collection and log the managed heap and working set.
    /// Default 0 (off): a forced collection pauses the silo, so only turn it on to measure memory. 0 to 1 h.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan HeapReportInterval { get; set; } = TimeSpan.Zero;
}

[OptionsValidator]
public sealed partial class HeapReportOptionsValidator : IValidateOptions<HeapReportOptions>;
