using TSMetrics.Statistics.Sketches;
using Xunit.Abstractions;

namespace TSMetrics.Tests.Unit;

/// <summary>The distinct-count sketch: exact while small, HyperLogLog within its standard error beyond, union on merge.</summary>
public sealed class DistinctCountSketchTests(ITestOutputHelper output)
{
    [Fact]
    public void BelowTheThresholdTheCountIsExact()
    {
        var sketch = new DistinctCountSketch(exactThreshold: 2_048);
        for (var repeat = 0; repeat < 3; repeat++)
            for (var i = 0; i < 2_048; i++) sketch.Add($"user-{i}");

        Assert.True(sketch.IsExact);
        Assert.Equal(2_048, sketch.Estimate());
        Assert.Equal(0, sketch.StandardError);
    }

    [Fact]
    public void PastTheThresholdItSwitchesToRegisters()
    {
        var sketch = new DistinctCountSketch(precision: 12, exactThreshold: 100);
        for (var i = 0; i <= 100; i++) sketch.Add($"user-{i}");

        Assert.False(sketch.IsExact);
        Assert.Equal(1.04 / 64, sketch.StandardError, 12);
        Assert.InRange(sketch.Estimate(), 101 * (1 - 3 * sketch.StandardError), 101 * (1 + 3 * sketch.StandardError));
    }

    [Theory]
    [InlineData(14, 20_000)]
    [InlineData(14, 50_000)]
    [InlineData(14, 100_000)]
    [InlineData(14, 1_000_000)]
    [InlineData(12, 100_000)]
    [InlineData(12, 1_000_000)]
    public void LargeCountsAreWithinThreeStandardErrors(int precision, int distinct)
    {
        var sketch = new DistinctCountSketch(precision);
        for (var i = 0; i < distinct; i++) sketch.Add($"user-{i}");
        for (var i = 0; i < distinct; i += 3) sketch.Add($"user-{i}");

        var error = (sketch.Estimate() - distinct) / distinct;
        output.WriteLine($"precision {precision}, {distinct} distinct: estimate {sketch.Estimate():F0}, error {error:P3}, standard error {sketch.StandardError:P3}");
        Assert.True(Math.Abs(error) <= 3 * sketch.StandardError, $"relative error {error:P3}");
    }

    [Fact]
    public void MergingOverlappingSetsCountsTheUnionNotTheSum()
    {
        var left = new DistinctCountSketch();
        var right = new DistinctCountSketch();
        for (var i = 0; i < 600_000; i++) left.Add($"user-{i}");
        for (var i = 400_000; i < 1_000_000; i++) right.Add($"user-{i}");

        left.Merge(right);

        Assert.InRange(left.Estimate(), 1_000_000 * (1 - 3 * left.StandardError), 1_000_000 * (1 + 3 * left.StandardError));
    }

    [Fact]
    public void MergingSmallOverlappingSetsIsExact()
    {
        var left = new DistinctCountSketch();
        var right = new DistinctCountSketch();
        for (var i = 0; i < 700; i++) left.Add($"user-{i}");
        for (var i = 500; i < 1_200; i++) right.Add($"user-{i}");

        left.Merge(right);

        Assert.True(left.IsExact);
        Assert.Equal(1_200, left.Estimate());
    }

    [Fact]
    public void MergingExactIntoRegistersAndBackGivesTheSameRegisters()
    {
        var big = new DistinctCountSketch(12, 1_000);
        var small = new DistinctCountSketch(12, 1_000);
        for (var i = 0; i < 50_000; i++) big.Add($"user-{i}");
        for (var i = 49_500; i < 50_300; i++) small.Add($"user-{i}");
        var union = new DistinctCountSketch(12, 1_000);
        for (var i = 0; i < 50_300; i++) union.Add($"user-{i}");

        var smallIntoBig = big.Clone();
        smallIntoBig.Merge(small);
        var bigIntoSmall = small.Clone();
        bigIntoSmall.Merge(big);

        Assert.Equal(union.ToBytes(), smallIntoBig.ToBytes());
        Assert.Equal(union.ToBytes(), bigIntoSmall.ToBytes());
    }

    [Fact]
    public void SketchesOfDifferentPrecisionDoNotMerge() =>
        Assert.Throws<ArgumentException>(() => new DistinctCountSketch(12).Merge(new DistinctCountSketch(14)));

    [Theory]
    [InlineData(300)]
    [InlineData(30_000)]
    public void BytesRoundTripAndCopiesAreIndependent(int distinct)
    {
        var sketch = new DistinctCountSketch(14, 2_048);
        for (var i = 0; i < distinct; i++) sketch.Add($"user-{i}");

        var bytes = sketch.ToBytes();
        var restored = DistinctCountSketch.FromBytes(bytes);
        var copy = sketch.Clone();
        for (var i = 0; i < 5_000; i++) copy.Add($"other-{i}");

        output.WriteLine($"{distinct} distinct: {bytes.Length} bytes");
        Assert.Equal(bytes, restored.ToBytes());
        Assert.Equal(sketch.Estimate(), restored.Estimate());
        Assert.Equal(sketch.IsExact, restored.IsExact);
        Assert.Equal(bytes, sketch.ToBytes());
        Assert.True(copy.Estimate() > sketch.Estimate() + 4_000);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 9, 0, 14, 0, 0 })]
    [InlineData(new byte[] { 1, 2, 14, 0, 0 })]
    [InlineData(new byte[] { 1, 0, 30, 0, 0 })]
    [InlineData(new byte[] { 1, 0, 14, 10, 11 })]
    [InlineData(new byte[] { 1, 0, 14, 10, 2, 5, 0 })]
    [InlineData(new byte[] { 1, 1, 4, 0, 1, 2, 3 })]
    public void MalformedBytesAreAFormatError(byte[] bytes) =>
        Assert.Throws<FormatException>(() => DistinctCountSketch.FromBytes(bytes));

    [Fact]
    public void TheHashIsXxHash64OfTheUtf8Id()
    {
        // XXH64 reference vectors (seed 0) from the xxHash project.
        Assert.Equal(0xEF46DB3751D8E999UL, UnitIdHash.Of(""));
        Assert.Equal(0x44BC2CF5AD770999UL, UnitIdHash.Of("abc"));
        Assert.Equal(UnitIdHash.Of(new string('é', 2_000)), UnitIdHash.Of(new string('é', 2_000)));
        Assert.NotEqual(UnitIdHash.Of("user-1"), UnitIdHash.Of("user-2"));
    }

    [Fact]
    public void AddingIdsToRegistersDoesNotAllocate()
    {
        var sketch = new DistinctCountSketch(exactThreshold: 0);
        var ids = Enumerable.Range(0, 1_000).Select(i => $"user-{i}").ToArray();
        sketch.Add(ids[0]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++) sketch.Add(ids[i % ids.Length]);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
