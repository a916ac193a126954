using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TSMetrics.Grains;

/// <summary>What test grains publish to live subscribers, and how often.</summary>
public sealed class LiveViewOptions
{
    public const string SectionName = "TSMetrics:Live";

    /// <summary>The window live comparisons cover, ending now. Default 24 hours; 1 minute to 7 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Shortest time between two snapshots of one test. Default 250 ms; 10 ms to 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Most points one snapshot carries to subscribers who asked for points. Default 5,000.</summary>
    [Range(0, 1_000_000)]
    public int MaxPointsPerSnapshot { get; set; } = 5_000;
}

[OptionsValidator]
public sealed partial class LiveViewOptionsValidator : IValidateOptions<LiveViewOptions>;
