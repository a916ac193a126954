using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Tests.Unit;

/// <summary>The counts per quantile bin and per category that buckets keep: sorted, exact under merging, reused in place.</summary>
public sealed class KeyedCountsTests
{
    [Fact]
    public void KeysComeOutSortedWithTheirCountsWhateverOrderTheyArrive()
    {
        var counts = new KeyedCounts();
        foreach (var key in new[] { 7, -3, 7, 1_000, 0, -3, 7, 42 }) counts.Add(key);
        counts.Add(42, 10);

        Assert.Equal([-3, 0, 7, 42, 1_000], Enumerable.Range(0, counts.Length).Select(counts.KeyAt));
        Assert.Equal([2L, 1, 3, 11, 1], Enumerable.Range(0, counts.Length).Select(counts.CountAt));
        Assert.Equal(3, counts[7]);
        Assert.Equal(0, counts[8]);
        Assert.Equal(18, counts.Total());
    }

    [Fact]
    public void MergingAddsKeyByKeySoAUnionOfBucketsIsExact()
    {
        var first = new KeyedCounts();
        var second = new KeyedCounts();
        var all = new KeyedCounts();
        var random = new Random(13);
        for (var i = 0; i < 2_000; i++)
        {
            var key = random.Next(-200, 200);
            (i % 3 == 0 ? first : second).Add(key);
            all.Add(key);
        }

        first.Merge(second);

        Assert.Equal(all.Length, first.Length);
        for (var i = 0; i < all.Length; i++)
        {
            Assert.Equal(all.KeyAt(i), first.KeyAt(i));
            Assert.Equal(all.CountAt(i), first.CountAt(i));
        }
    }

    [Fact]
    public void CountingAKeyAlreadyPresentOrRefillingAClearedBufferAllocatesNothing()
    {
        var counts = new KeyedCounts();
        for (var key = 0; key < 5; key++) counts.Add(key);
        counts.Clear();
        Assert.True(counts.IsEmpty);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var key = 4; key >= 0; key--) counts.Add(key);
        for (var i = 0; i < 100; i++) counts.Add(i % 5);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(105, counts.Total());
        Assert.Equal([0, 1, 2, 3, 4], Enumerable.Range(0, counts.Length).Select(counts.KeyAt));
    }

    [Fact]
    public void ACloneAndACopyThroughOrleansSerializationAreIndependentAndEqual()
    {
        var counts = new KeyedCounts();
        counts.Add(5, 2);
        counts.Add(-1);
        var serializer = new ServiceCollection().AddSerializer(builder => builder.AddAssembly(typeof(KeyedCounts).Assembly)).BuildServiceProvider().GetRequiredService<Serializer>();

        var clone = counts.Clone();
        var copy = serializer.Deserialize<KeyedCounts>(serializer.SerializeToArray(counts));
        counts.Add(9);

        Assert.NotNull(copy);
        foreach (var other in new[] { clone, copy })
        {
            Assert.Equal([-1, 5], Enumerable.Range(0, other.Length).Select(other.KeyAt));
            Assert.Equal([1L, 2], Enumerable.Range(0, other.Length).Select(other.CountAt));
        }
    }
}
