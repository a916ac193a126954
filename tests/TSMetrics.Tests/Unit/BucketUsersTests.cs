using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics.Sketches;
using Xunit.Abstractions;

namespace TSMetrics.Tests.Unit;

/// <summary>Distinct users in the bucket model: pending buckets count them, live buckets keep none, a failed flush puts them back.</summary>
public sealed class BucketUsersTests(ITestOutputHelper output)
{
    private const long Second = 1_000_000;
    private const long Minute = 60 * Second;
    private static readonly long Now = 1_800_000_000 * Second;

    [Fact]
    public void PendingBucketsOfEveryTierCountDistinctUsersAndLiveBucketsKeepNone()
    {
        var window = new SeriesWindow(new SeriesWindowOptions());
        window.Fold(new PointBatch(["A"], [new(Now, 1, 0, "u1"), new(Now, 2, 0, "u1"), new(Now + Second, 3, 0, "u2"), new(Now, 4, 0)]), Now + Second);
        window.Fold(new PointBatch(["A"], [new(Now, 0, 0, "u3", Category: "red")]), Now + Second);

        var rows = Collect(window);
        Assert.Equal(2, Users(rows, Resolution.Second, Now / Second));        // u1, u3
        Assert.Equal(1, Users(rows, Resolution.Second, Now / Second + 1));    // u2
        Assert.Equal(3, Users(rows, Resolution.Minute, Now / Minute));        // the union, not 2 + 1
        foreach (var resolution in RollupTierTable.Resolutions)
        {
            var ring = window.Variants[0].Ring(resolution);
            Assert.Null(ring.ReadParts(Now / ring.WidthMicros)?.Users);
        }

        Assert.Empty(Collect(window));
    }

    [Fact]
    public void ALiveAnswerAsksForTheUsersOfPendingBucketsAndOfAFlushInFlightPerOutputBucket()
    {
        var window = new SeriesWindow(new SeriesWindowOptions());
        var minute = Now / Minute * Minute;
        window.Fold(new PointBatch(["A", "B"], [new(minute, 1, 0, "u1"), new(minute + Second, 1, 0, "u2"), new(minute, 1, 1, "u9")]), minute + 2 * Second);
        var flushing = Collect(window);
        window.Fold(new PointBatch(["A"], [new(minute + 2 * Second, 1, 0, "u1"), new(minute + 2 * Second, 1, 0, "u3"), new(minute + Minute, 1, 0, "u4")]), minute + Minute);

        var request = new LiveSeriesRequest(minute, minute + 2 * Minute, Minute, WithUsers: true);
        var variants = window.Query(request, minute + Minute, flushing).Variants;
        var a = variants.Single(v => v.Variant == "A").UnflushedUsers;
        Assert.Equal([minute, minute + Minute], a.Select(u => u.StartMicros));
        Assert.Equal(3, BucketUsers.Count(DistinctCountSketch.FromBytes(a[0].Sketch))); // u1 twice (flushing and pending), u2, u3
        Assert.Equal(1, BucketUsers.Count(DistinctCountSketch.FromBytes(a[1].Sketch)));
        Assert.Single(variants.Single(v => v.Variant == "B").UnflushedUsers);

        var pendingOnly = window.Query(request, minute + Minute).Variants.Single(v => v.Variant == "A").UnflushedUsers;
        Assert.Equal(2, BucketUsers.Count(DistinctCountSketch.FromBytes(pendingOnly[0].Sketch))); // u1 and u3: without the flush in flight, u2 is storage's
        Assert.All(window.Query(request with { WithUsers = false }, minute + Minute, flushing).Variants, v => Assert.Empty(v.UnflushedUsers));
    }

    [Fact]
    public void APendingBucketWithoutUserIdsHasNoUsers()
    {
        var window = new SeriesWindow(new SeriesWindowOptions());
        window.Fold(new PointBatch(["A"], [new(Now, 1, 0)]), Now);
        Assert.All(Collect(window), row => Assert.Null(row.Parts?.Users));
    }

    [Fact]
    public void AFailedFlushPutsItsUsersBackForTheNextOne()
    {
        var window = new SeriesWindow(new SeriesWindowOptions());
        window.Fold(new PointBatch(["A"], [new(Now, 1, 0, "u1"), new(Now, 1, 0, "u2")]), Now);
        var failed = Collect(window);
        window.RestorePending(failed, [], []);
        window.Fold(new PointBatch(["A"], [new(Now, 1, 0, "u2"), new(Now, 1, 0, "u3")]), Now);

        Assert.Equal(3, Users(Collect(window), Resolution.Hour, Now / (3_600 * Second)));
    }

    [Fact]
    public void WidenedCoverReadsEachPartFromTheFinestTierStillHoldingIt()
    {
        var now = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var tiers = new RollupTiers(Options.Create(new RollupRetentionOptions()), new FakeTimeProvider(now));
        long At(DateTimeOffset t) => t.ToUnixTimeMilliseconds() * 1_000;

        var recent = new List<(string Table, long FromMicros, long ToMicros)>();
        tiers.CoverWidened(At(now.AddHours(-2).AddSeconds(17)), At(now.AddHours(-1).AddSeconds(18)), recent);
        Assert.Equal([("tsm.rollup_1s", At(now.AddHours(-2).AddSeconds(17)), At(now.AddHours(-1).AddSeconds(18)))], recent);

        // 32 days back: seconds are gone (7 days), minutes kept (35 days): the edges widen to whole minutes.
        var old = new List<(string Table, long FromMicros, long ToMicros)>();
        var start = now.AddDays(-32).AddSeconds(17);
        tiers.CoverWidened(At(start), At(start.AddHours(1)), old);
        Assert.Equal([("tsm.rollup_1m", At(now.AddDays(-32)), At(start.AddHours(1)))], old);

        // Spanning the 1-second tier's edge: seconds for the part it holds, minutes before.
        var spanning = new List<(string Table, long FromMicros, long ToMicros)>();
        tiers.CoverWidened(At(now.AddDays(-8)), At(now.AddDays(-6)), spanning);
        Assert.Equal(2, spanning.Count);
        Assert.Equal(("tsm.rollup_1s", At(now.AddDays(-6))), (spanning[0].Table, spanning[0].ToMicros));
        Assert.Equal(("tsm.rollup_1m", At(now.AddDays(-8)), spanning[0].FromMicros), spanning[1]);
    }

    [Fact]
    public void TenThousandUsersInABucketAllocateOnlyTheSketchsGrowthNotPerPoint()
    {
        var ring = new BucketRing(Resolution.Second, slots: 900);
        var hashes = Enumerable.Range(0, 10_000).Select(u => UnitIdHash.Of($"user-{u}")).ToArray();
        ring.Add(Now, BucketInput.Number(1), Now); // the live chunk and the pending entry exist

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var hash in hashes) ring.Add(Now, BucketInput.Number(1).WithUnit(hash), Now);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"10,000 users in one pending bucket allocated {allocated} bytes (registers: {1 << BucketUsers.Precision})");

        // The exact set's growth to 256 hashes, then the registers; 10,000 points at even 8 bytes each would be 80,000.
        Assert.InRange(allocated, 1 << BucketUsers.Precision, 24 * 1024);
        Assert.Null(ring.ReadParts(Now / Second)?.Users);
        var rows = new List<RollupRow>();
        ring.CollectPending(0, rows);
        var users = Assert.Single(rows).Parts!.Users!;
        Assert.False(users.IsExact);
        Assert.InRange(BucketUsers.Count(users), 10_000 * (1 - 3 * BucketUsers.StandardError), 10_000 * (1 + 3 * BucketUsers.StandardError));
    }

    private static List<RollupRow> Collect(SeriesWindow window)
    {
        var rows = new List<RollupRow>();
        window.CollectPending(rows, [], []);
        return rows;
    }

    private static long Users(List<RollupRow> rows, Resolution resolution, long index) =>
        BucketUsers.Count(rows.Single(r => r.Resolution == resolution && r.BucketIndex == index).Parts!.Users!);
}
