using TSMetrics.Grains;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;
using Xunit.Abstractions;

namespace TSMetrics.Tests.Unit;

/// <summary>The memory benchmark's series shape (figure 5) in one window: memory follows the buckets that hold points.</summary>
public sealed class WindowMemoryTests(ITestOutputHelper output)
{
    private const long Now = 1_800_000_000L * 1_000_000;

    [Fact]
    public void TheBenchmarkShapeAllocatesOnlyTheChunksItsPointsLandIn()
    {
        var batch = BenchmarkShape();
        var windows = new SeriesWindow[200];
        var before = GC.GetTotalMemory(true);
        for (var i = 0; i < windows.Length; i++)
        {
            windows[i] = new SeriesWindow(new SeriesWindowOptions());
            windows[i].Fold(batch, Now);
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

    [Fact]
    public void APercentileSeriesOfTheBenchmarkShapeHoldsOneBinPerDistinctValueInEachBucket()
    {
        var batch = BenchmarkShape();
        var windows = new SeriesWindow[200];
        var before = GC.GetTotalMemory(true);
        for (var i = 0; i < windows.Length; i++)
        {
            windows[i] = new SeriesWindow(new SeriesWindowOptions()) { KeepsQuantiles = true };
            windows[i].Fold(batch, Now);
            windows[i].CollectPending([], [], []);
        }

        var after = GC.GetTotalMemory(true);
        output.WriteLine($"bytes per percentile window: {(after - before) / windows.Length}");
        // Every value lands in its bin in every ring: per bucket, as many bins as distinct values and as many values as points.
        var ring = windows[0].Variants[1].Ring(Resolution.Minute);
        var values = batch.Points.Where(p => p.VariantIndex == 1 && p.UnixMicros >= ring.CoveredFromMicros(Now)).GroupBy(p => p.UnixMicros / Resolution.Minute.Micros());
        foreach (var bucket in values)
        {
            var bins = ring.ReadParts(bucket.Key)?.Bins;
            Assert.NotNull(bins);
            Assert.Equal(bucket.Select(p => QuantileBins.KeyOf(p.Value)).Distinct().Count(), bins.Length);
            Assert.Equal(ring.Read(bucket.Key).Count, bins.Total());
        }

        GC.KeepAlive(windows);
    }

    // Per variant: one point per hour over 6.9 days, per minute over the last hour, per second over the last minute.
    private static PointBatch BenchmarkShape()
    {
        var offsets = Enumerable.Range(1, 165).Select(h => h * 3_600L).Concat(Enumerable.Range(1, 60).Select(m => m * 60L)).Concat(Enumerable.Range(0, 60).Select(s => (long)s)).ToArray();
        var points = offsets.SelectMany(o => new[] { new SeriesPoint(Now - o * 1_000_000, 50 + o % 97, 0), new SeriesPoint(Now - o * 1_000_000, 50 + o % 97, 1) }).ToArray();
        return new PointBatch(["A", "B"], points);
    }
}
