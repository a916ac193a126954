namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// What a test grain publishes on its stream when its numbers change (at most a few times a second):
/// every metric's live window totals, and the points since the last snapshot when someone asked for them.
/// Gateways turn it into comparisons for their subscribers, so subscribers never add work to the grains.
/// </summary>
/// <param name="Test">The test.</param>
/// <param name="Version">Increases with every snapshot of this activation.</param>
/// <param name="Definition">The test's definition (control, weights).</param>
/// <param name="WindowFromMicros">Start of the live window the totals cover.</param>
/// <param name="WindowToMicros">End of the live window (the snapshot's time).</param>
/// <param name="Metrics">Per metric, its window totals.</param>
/// <param name="Points">Points ingested since the previous snapshot, when requested; else empty.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.TestSnapshot")]
public sealed record TestSnapshot(
    string Test, long Version, TestDefinition Definition, long WindowFromMicros, long WindowToMicros,
    WindowTotals[] Metrics, LivePoint[] Points);

/// <summary>One point as pushed to live subscribers; a summary point (a histogram data point) carries its summary, <see cref="Value"/> its sum.</summary>
[GenerateSerializer, Immutable, Alias("TSMetrics.LivePoint")]
public readonly record struct LivePoint(string Metric, string Variant, long UnixMicros, double Value, string? Category = null, PointSummary? Summary = null);
