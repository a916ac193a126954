using TSMetrics.Grains;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;
using Xunit.Abstractions;

namespace TSMetrics.Tests.Unit;

/// <summary>The memory benchmark's series shape (figure 5) in one window: memory follows the buckets that hold points.</summary>
public sealed class WindowMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public void TheBenchmarkShapeAllocatesOnlyTheChunksItsPointsLandIn()
    {
        var now = 1_800_000_000L * 1_000_000;
        var offsets = Enumerable.Range(1, 165).Select(h => h * 3_600L).Concat(Enumerable.Range(1, 60).Select(m => m * 60L)).Concat(Enumerable.Range(0, 60).Select(s => (long)s)).ToArray();
        var points = offsets.SelectMany(o => new[] { new SeriesPoint(now - o * 1_000_000, 50 + o % 97, 0), new SeriesPoint(now - o * 1_000_000, 50 + o % 97, 1) }).ToArray();
        var batch = new PointBatch(["A", "B"], points);
        var windows = new SeriesWindow[200];
        var before = GC.GetTotalMemory(true);
        for (var i = 0; i < windows.Length; i++)
        {
            windows[i] = new SeriesWindow(new SeriesWindowOptions());
            windows[i].Fold(batch, now);
            windows[i].CollectPending([], [], []);
        }

        var after = GC.GetTotalMemory(true);
        output.WriteLine($"bytes per window: {(after - before) / windows.Length}");
        var rings = windows[0].Variants[0];
        // Chunks of 4 buckets. Seconds: 15 minute points and 60 second points in the last 15 minutes; minutes:
        // 24 hour points and 60 minute points in the last day; hours: 165 points over 7 days; days: 8 days.
        Assert.Equal([30, 39, 43, 3], RollupTierTable.Resolutions.Select(r => rings.Ring(r).AllocatedChunks()));
        Assert.False(rings.Ring(Resolution.Hour).HasPending());
        GC.KeepAlive(windows);
    }
}
