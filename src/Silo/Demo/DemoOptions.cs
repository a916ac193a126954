using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TSMetrics.Silo.Demo;

/// <summary>Demo data for trying TSMetrics out: seeded history and a live trickle of points.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "TSMetrics:Demo";

    /// <summary>Seed the demo tests' history at start-up, once (skipped when the demo test exists). Default false.</summary>
    public bool SeedHistory { get; set; }

    /// <summary>Days of history to seed. Default 30; 1 to 365.</summary>
    [Range(1, 365)]
    public int HistoryDays { get; set; } = 30;

    /// <summary>Post demo points continuously, as the predecessor's simulator did. Default false.</summary>
    public bool LiveTraffic { get; set; }

    /// <summary>Time between two rounds of live points. Default 300 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan TrafficInterval { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Points per series and variant per round. Default 20; 1 to 10,000.</summary>
    [Range(1, 10_000)]
    public int PointsPerRound { get; set; } = 20;
}

[OptionsValidator]
public sealed partial class DemoOptionsValidator : IValidateOptions<DemoOptions>;
