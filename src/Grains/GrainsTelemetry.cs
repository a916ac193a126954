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

    /// <summary>Seconds one flush of a series to the rollups takes (flushes that write rows only).</summary>
    internal static readonly Histogram<double> FlushDuration = Meter.CreateHistogram<double>(
        "tsmetrics.series.flush.duration", "s", "Time one series flush takes to write its rollups");

    // Observable: read from the active series (SeriesGauges) whenever a metric reader collects.
    private static readonly ObservableGauge<double> FlushLag = Meter.CreateObservableGauge(
        "tsmetrics.series.flush.lag", SeriesGauges.FlushLagSeconds, "s",
        "Age of the oldest stored point not yet flushed to the rollups, over the silo's series (0: none waits)");

    private static readonly ObservableUpDownCounter<long> ActiveSeries = Meter.CreateObservableUpDownCounter(
        "tsmetrics.series.active", SeriesGauges.Count, "{series}", "Series grains active on the silo");

    private static readonly ObservableUpDownCounter<long> Units = Meter.CreateObservableUpDownCounter(
        "tsmetrics.series.units", () => SeriesGauges.Totals().Units, "{unit}", "Units (users) whose totals the silo's series hold in memory");

    private static readonly ObservableUpDownCounter<long> Memory = Meter.CreateObservableUpDownCounter(
        "tsmetrics.series.memory.usage", () => SeriesGauges.Totals().MemoryBytes, "By",
        "Estimated bytes the silo's series hold: bucket chunks, units and recent batch ids (a floor, sampled at each flush tick)");

    private static readonly ObservableGauge<double> MemoryPerSeries = Meter.CreateObservableGauge(
        "tsmetrics.series.memory.per_series", MeanMemory, "By", "Estimated bytes per active series (tsmetrics.series.memory.usage / tsmetrics.series.active)");

    private static double MeanMemory()
    {
        var count = SeriesGauges.Count();
        return count == 0 ? 0 : (double)SeriesGauges.Totals().MemoryBytes / count;
    }
}
