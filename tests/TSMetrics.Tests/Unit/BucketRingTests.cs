using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Tests.Unit;

public sealed class BucketRingTests
{
    private const long Second = 1_000_000;

    [Fact]
    public void PointsInTheSameSecondShareABucketAndCountLiveAndPending()
    {
        var ring = new BucketRing(Resolution.Second, slots: 10);
        ring.Add(100 * Second + 1, 5, nowMicros: 100 * Second + 1);
        ring.Add(100 * Second + 999_999, 7, nowMicros: 100 * Second + 999_999);

        Assert.Equal(2, ring.Read(100).Count);
        Assert.Equal(12, ring.Read(100).Sum);
        var rows = Collect(ring);
        var row = Assert.Single(rows);
        Assert.Equal(100, row.BucketIndex);
        Assert.Equal(2, row.Stats.Count);
    }

    [Fact]
    public void CollectingPendingClearsItButKeepsLiveStatistics()
    {
        var ring = new BucketRing(Resolution.Second, slots: 10);
        ring.Add(5 * Second, 1, nowMicros: 5 * Second);
        Collect(ring);

        Assert.Empty(Collect(ring));
        Assert.False(ring.HasPending());
        Assert.Equal(1, ring.Read(5).Count);
    }

    [Fact]
    public void ChunksWhoseBucketsLeftTheSpanAreTakenOverAndEveryPointIsFlushed()
    {
        var ring = new BucketRing(Resolution.Second, slots: 10);
        // A point every 3 seconds for an hour: the ring comes round hundreds of times.
        var sent = new List<long>();
        for (var s = 1_000L; s <= 4_600; s += 3)
        {
            ring.Add(s * Second, s, nowMicros: s * Second);
            sent.Add(s);
        }

        Assert.Equal(8, ring.Chunks.Places);
        Assert.InRange(ring.AllocatedChunks(), 3, 6);
        for (var s = 4_600L - 9; s <= 4_600; s++) Assert.Equal(sent.Contains(s) ? s : 0, ring.Read(s).Sum);
        Assert.Equal(sent, Collect(ring).Select(r => r.BucketIndex).Order());
    }

    [Fact]
    public void PointsOlderThanTheWindowAreNotLiveButAreFlushed()
    {
        var ring = new BucketRing(Resolution.Second, slots: 10);
        ring.Add(50 * Second, 1, nowMicros: 50 * Second);
        ring.Add(40 * Second, 9, nowMicros: 50 * Second); // the ring answers for seconds 41 to 50

        Assert.Equal(0, ring.Read(40).Count);
        var late = Assert.Single(Collect(ring), r => r.BucketIndex == 40);
        Assert.Equal(9, late.Stats.Sum);
    }

    [Fact]
    public void OldPointsNeverEvictBucketsTheRingAnswersFor()
    {
        var ring = new BucketRing(Resolution.Second, slots: 10);
        ring.Add(100_000 * Second, 1, nowMicros: 100_000 * Second);
        // Far in the past, in the same chunk place as second 100,000 (4 places of 4 buckets).
        ring.Add((100_000 - 4 * 4 * 1_000) * Second, 9, nowMicros: 100_000 * Second);

        Assert.Equal(1, ring.Read(100_000).Count);
        Assert.Equal(2, Collect(ring).Count);
    }

    [Fact]
    public void OnlyTouchedChunksAreAllocated()
    {
        var ring = new BucketRing(Resolution.Second, slots: 901, futureSlots: 360);
        ring.Add(1_000 * Second, 1, nowMicros: 1_000 * Second);
        ring.Add(1_001 * Second, 1, nowMicros: 1_001 * Second);

        Assert.Equal(1, ring.AllocatedChunks());
    }

    [Fact]
    public void ASparseChunkHoldsOneBucketUntilASecondOfItsBucketsGetsAPoint()
    {
        var ring = new BucketRing(Resolution.Second, slots: 901);
        ring.Add(1_001 * Second, 5, nowMicros: 1_001 * Second);
        Assert.IsType<SingleBucketChunk>(Assert.Single(ring.Chunks.Chunks.ToArray(), c => c is not null));

        ring.Add(1_002 * Second, 7, nowMicros: 1_002 * Second);
        Assert.IsType<FullBucketChunk>(Assert.Single(ring.Chunks.Chunks.ToArray(), c => c is not null));
        Assert.Equal(5, ring.Read(1_001).Sum);
        Assert.Equal(7, ring.Read(1_002).Sum);
        Assert.Equal(0, ring.Read(1_000).Count);
    }

    [Fact]
    public void TheChunkTableGrowsWithTheChunksInUseAndAFullRingStillAnswersEveryBucket()
    {
        var sparse = new BucketRing(Resolution.Second, slots: 901, futureSlots: 360);
        sparse.Add(1_000 * Second, 1, nowMicros: 1_000 * Second);
        sparse.Add(1_001 * Second, 2, nowMicros: 1_001 * Second);
        Assert.Equal(8, sparse.Chunks.Places);

        // A point every second for an hour: the ring comes round four times and answers its last 901 seconds.
        var full = new BucketRing(Resolution.Second, slots: 901, futureSlots: 360);
        for (var s = 10_000L; s <= 13_600; s++) full.Add(s * Second, s, nowMicros: s * Second);

        // 317 chunks can be live at once (901 + 360 buckets): the table stops at 512 places, at most 3/4 full.
        Assert.InRange(full.Chunks.Places, 256, 512);
        for (var s = 13_600L - 900; s <= 13_600; s++) Assert.Equal(s, full.Read(s).Sum);
    }

    [Fact]
    public void AddingPointsToTouchedBucketsAllocatesNothing()
    {
        var ring = new BucketRing(Resolution.Second, slots: 901, futureSlots: 360);
        for (var s = 0; s < 16; s++) ring.Add((1_000 + s) * Second, s, nowMicros: 1_015 * Second);
        Collect(ring);
        ring.Add(1_015 * Second, 1, nowMicros: 1_015 * Second);
        Collect(ring);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++) ring.Add((1_000 + i % 16) * Second, i, nowMicros: 1_015 * Second);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void AFlushCarriesOnlyTheBucketsThatChanged()
    {
        var ring = new BucketRing(Resolution.Second, slots: 901);
        for (var s = 0; s < 100; s++) ring.Add((1_000 + s) * Second, 1, nowMicros: 1_100 * Second);
        Assert.Equal(100, Collect(ring).Count);

        ring.Add(1_050 * Second, 2, nowMicros: 1_100 * Second);
        var row = Assert.Single(Collect(ring));
        Assert.Equal(1_050, row.BucketIndex);
        Assert.Equal(2, ring.Read(1_050).Count);
    }

    [Fact]
    public void LoadedBucketsAreLiveButNotFlushedAgain()
    {
        var ring = new BucketRing(Resolution.Minute, slots: 60);
        ring.LoadFlushed(1_000, SummaryStatsTests.Of(1, 2, 3));

        Assert.Equal(3, ring.Read(1_000).Count);
        Assert.Empty(Collect(ring));
    }

    [Fact]
    public void RestoredPendingIsCarriedByTheNextFlush()
    {
        var ring = new BucketRing(Resolution.Second, slots: 10);
        ring.Add(5 * Second, 4, nowMicros: 5 * Second);
        var rows = Collect(ring);
        foreach (var row in rows) ring.RestorePending(row.BucketIndex, row.Stats);
        ring.Add(5 * Second, 6, nowMicros: 5 * Second);

        var again = Assert.Single(Collect(ring));
        Assert.Equal(2, again.Stats.Count);
        Assert.Equal(10, again.Stats.Sum);
        Assert.Equal(2, ring.Read(5).Count);
    }

    [Fact]
    public void CoverageStartsAtTheOldestBucketTheRingHoldsWhole()
    {
        var ring = new BucketRing(Resolution.Second, slots: 901);
        Assert.Equal((1_000 - 900) * Second, ring.CoveredFromMicros(1_000 * Second + 500_000));
    }

    [Fact]
    public void BucketsOfOneChunkKeepTheirOwnBinsAndCategoriesAndARecycledChunkForgetsThem()
    {
        var ring = new BucketRing(Resolution.Second, slots: 8);
        double[][] values = [[1.5, -2, 1.5], [-2, 0], [1e9], [0.001, -1e-300]];
        for (var b = 0; b < values.Length; b++)
            foreach (var value in values[b]) ring.Add((100 + b) * Second, BucketInput.NumberWithBin(value, QuantileBins.KeyOf(value)), nowMicros: 103 * Second);
        ring.Add(101 * Second, BucketInput.Category(3), nowMicros: 103 * Second);

        for (var b = 0; b < values.Length; b++)
        {
            var bins = ring.ReadParts(100 + b)!.Bins!;
            var expected = values[b].GroupBy(QuantileBins.KeyOf).OrderBy(g => g.Key).ToArray();
            Assert.Equal(expected.Select(g => g.Key), Enumerable.Range(0, bins.Length).Select(bins.KeyAt));
            Assert.Equal(expected.Select(g => (long)g.Count()), Enumerable.Range(0, bins.Length).Select(bins.CountAt));
        }

        Assert.Equal(1, ring.ReadParts(101)!.Categories![3]);
        Assert.Null(ring.ReadParts(100)!.Categories);
    }

    [Fact]
    public void ATakenOverChunkForgetsTheBinsOfItsOldBuckets()
    {
        var ring = new BucketRing(Resolution.Second, slots: 8);
        for (var s = 100L; s < 1_000; s++) ring.Add(s * Second, BucketInput.NumberWithBin(s, QuantileBins.KeyOf(s)), nowMicros: s * Second);

        for (var s = 1_000L - 8; s < 1_000; s++)
        {
            var bins = ring.ReadParts(s)!.Bins!;
            Assert.Equal(1, bins.Total());
            Assert.Equal(1, bins[QuantileBins.KeyOf(s)]);
        }

        Assert.Equal(8, ring.Chunks.Places);
    }

    private static List<RollupRow> Collect(BucketRing ring)
    {
        var rows = new List<RollupRow>();
        ring.CollectPending(0, rows);
        return rows;
    }
}
