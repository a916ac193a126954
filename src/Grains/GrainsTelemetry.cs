using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TSMetrics.Grains;

/// <summary>The grains' own spans and instruments; the silo's OpenTelemetry subscribes to <see cref="Name"/>.</summary>
public static class GrainsTelemetry
{
    /// <summary>The activity source and meter name.</summary>
    public const string Name = "TSMetrics.Grains";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Seconds from queueing a series' write to its journal commit (group commit wait included).</summary>
    internal static readonly Histogram<double> JournalCommitDuration = Meter.CreateHistogram<double>(
        "tsmetrics.journal.commit.duration", "s", "Time from queueing a series' write to its journal commit");

    /// <summary>Points made durable in the journal.</summary>
    internal static readonly Counter<long> JournaledPoints = Meter.CreateCounter<long>(
        "tsmetrics.journal.points", "{point}", "Points committed to the journal");
}
