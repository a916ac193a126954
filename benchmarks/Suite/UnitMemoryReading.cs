using System.Globalization;
using TSMetrics.Grains;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>
/// What a series holds per user (unit) for the unit-level analysis, measured in this process: the managed heap
/// after a window has taken one point each of <c>users</c> users (half per variant), minus the heap of the same
/// window before them, both after a full compacting collection. The ids themselves are not kept (only their
/// 64-bit hashes), so the figure is all there is per user.
/// </summary>
internal static class UnitMemoryReading
{
    public static (long Users, double BytesPerUser) Measure(int users = 500_000)
    {
        var window = new SeriesWindow(new SeriesWindowOptions());
        var now = UnixTime.ToMicros(DateTime.UtcNow);
        window.Fold(new PointBatch(["A", "B"], [new SeriesPoint(now, 1, 0, "warm-a"), new SeriesPoint(now, 1, 1, "warm-b")]), now);
        var before = Heap();

        const int PerBatch = 10_000;
        for (var first = 0; first < users; first += PerBatch)
        {
            var points = new SeriesPoint[Math.Min(PerBatch, users - first)];
            for (var i = 0; i < points.Length; i++)
                points[i] = new SeriesPoint(now, 1, (first + i) % 2, "user-" + (first + i).ToString(CultureInfo.InvariantCulture));
            window.Fold(new PointBatch(["A", "B"], points), now);
            window.CollectPending([], [], []);
        }

        var after = Heap();
        GC.KeepAlive(window);
        return (window.UnitCount - 2, (after - before) / (double)users);
    }

    public static string Describe(int users = 500_000)
    {
        var (count, bytes) = Measure(users);
        return string.Create(CultureInfo.InvariantCulture,
            $"Per user (unit) of the unit-level analysis: {bytes:N1} bytes of managed heap each, measured in process over {count:N0} users of one series (2 variants, one point each, ids kept only as 64-bit hashes; `UnitMemoryReading`).");
    }

    private static long Heap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
