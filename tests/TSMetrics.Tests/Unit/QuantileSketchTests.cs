using TSMetrics.Statistics.Sketches;
using Xunit.Abstractions;

namespace TSMetrics.Tests.Unit;

/// <summary>The DDSketch-style quantile sketch against exact quantiles of the same values.</summary>
public sealed class QuantileSketchTests(ITestOutputHelper output)
{
    private static readonly double[] Levels = [.. Enumerable.Range(0, 101).Select(i => i / 100.0), 0.001, 0.005, 0.995, 0.999, 0.9999];

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.02)]
    [InlineData(0.05)]
    public void LogNormalLatencyQuantilesAreWithinTheRelativeAccuracy(double accuracy)
    {
        var values = LogNormal(new Random(1), 20_000, Math.Log(120), 1.1);
        var sketch = Sketch(values, accuracy);

        AssertWithinAccuracy(values, sketch, accuracy);
        Assert.Equal(values.Length, sketch.Count);
        Assert.Equal(values.Min(), sketch.Min);
        Assert.Equal(values.Max(), sketch.Max);
    }

    [Fact]
    public void UniformValuesWithNegativesAndZerosAreWithinTheRelativeAccuracy()
    {
        var random = new Random(2);
        var values = Enumerable.Range(0, 15_000).Select(i => i % 50 == 0 ? 0 : random.NextDouble() * 2_000 - 1_200).ToArray();
        var sketch = Sketch(values, 0.01);

        AssertWithinAccuracy(values, sketch, 0.01);
        Assert.Equal(0, sketch.Quantile(values.Count(v => v < 0) / (double)(values.Length - 1) + 1e-9));
    }

    [Fact]
    public void OnlyNegativeValuesKeepTheirOrder()
    {
        var values = LogNormal(new Random(3), 5_000, 2, 2).Select(v => -v).ToArray();
        var sketch = Sketch(values, 0.01);

        AssertWithinAccuracy(values, sketch, 0.01);
        Assert.True(sketch.Quantile(0.1) < sketch.Quantile(0.9));
    }

    [Fact]
    public void MergingSketchesGivesTheSketchOfTheUnionBinForBin()
    {
        var random = new Random(4);
        var values = LogNormal(random, 9_000, 3, 1.5).Select((v, i) => i % 7 == 0 ? -v : i % 31 == 0 ? 0 : v).ToArray();
        var parts = new[] { Sketch(values[..2_000], 0.01), Sketch(values[2_000..2_001], 0.01), Sketch(values[2_001..], 0.01), new QuantileSketch() };

        var merged = new QuantileSketch();
        foreach (var part in parts) merged.Merge(part);

        var union = Sketch(values, 0.01);
        Assert.Equal(union.ToBytes(), merged.ToBytes());
        Assert.Equal(Levels.Select(union.Quantile), Levels.Select(merged.Quantile));
    }

    [Fact]
    public void TheOrderOfValuesDoesNotChangeTheSketch()
    {
        var random = new Random(10);
        var values = LogNormal(random, 6_000, 0, 2.5).Select((v, i) => i % 4 == 0 ? -v : v).ToArray();
        var shuffled = values.OrderBy(_ => random.Next()).ToArray();

        var expected = Sketch(values.Order(), 0.01).ToBytes();

        Assert.Equal(expected, Sketch(values.OrderDescending(), 0.01).ToBytes());
        Assert.Equal(expected, Sketch(shuffled, 0.01).ToBytes());
        Assert.Equal(expected, Sketch(values.OrderBy(Math.Abs), 0.01).ToBytes());
    }

    [Fact]
    public void MergingSketchesOfDifferentAccuracyIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new QuantileSketch(0.01).Merge(new QuantileSketch(0.02)));

        Assert.Contains("relative accuracies differ", error.Message);
    }

    [Fact]
    public void BytesRoundTripAndCopiesAreIndependent()
    {
        var values = LogNormal(new Random(5), 3_000, 1, 1).Select((v, i) => i % 5 == 0 ? -v : v).Append(0).ToArray();
        var sketch = Sketch(values, 0.01);

        var restored = QuantileSketch.FromBytes(sketch.ToBytes());
        var copy = sketch.Clone();
        copy.Add(1e9);

        Assert.Equal(sketch.ToBytes(), restored.ToBytes());
        Assert.Equal(Levels.Select(sketch.Quantile), Levels.Select(restored.Quantile));
        Assert.Equal((sketch.Count, sketch.Min, sketch.Max), (restored.Count, restored.Min, restored.Max));
        Assert.Equal(values.Length + 1, copy.Count);
        Assert.Equal(values.Length, sketch.Count);
        Assert.Equal(values.Max(), sketch.Max);
    }

    [Fact]
    public void AnEmptySketchRoundTripsAndHasNoQuantiles()
    {
        var empty = QuantileSketch.FromBytes(new QuantileSketch(0.02, 100).ToBytes());

        Assert.Equal(0, empty.Count);
        Assert.True(double.IsNaN(empty.Quantile(0.5)));
        Assert.Equal((0.02, 100), (empty.RelativeAccuracy, empty.MaxBins));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 0, 123, 20, 174, 71, 225, 122, 132, 63, 8, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 4, 123, 20, 174, 71, 225, 122, 132, 63, 128, 16, 0, 0, 0 })]
    public void MalformedBytesAreAFormatError(byte[] bytes) =>
        Assert.Throws<FormatException>(() => QuantileSketch.FromBytes(bytes));

    [Fact]
    public void TruncatedOrExtendedBytesAreAFormatError()
    {
        var bytes = Sketch(LogNormal(new Random(6), 500, 1, 1), 0.01).ToBytes();

        for (var length = 0; length < bytes.Length; length++)
            Assert.Throws<FormatException>(() => QuantileSketch.FromBytes(bytes.AsSpan(0, length)));
        Assert.Throws<FormatException>(() => QuantileSketch.FromBytes([.. bytes, 0]));
    }

    [Fact]
    public void BinsStayBoundedByFoldingTheSmallestMagnitudes()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 20_000).Select(_ => Math.Pow(10, random.NextDouble() * 12 - 3)).ToArray();
        var sketch = Sketch(values, 0.01, maxBins: 200);

        Assert.True(sketch.BinCount <= 200, $"{sketch.BinCount} bins");
        Assert.True(sketch.IsCollapsed);
        Assert.True(QuantileSketch.FromBytes(sketch.ToBytes()).IsCollapsed);
        // The 200 highest bins span γ^200 ≈ 55×: quantiles of the top decade and a half keep their accuracy.
        var sorted = values.Order().ToArray();
        foreach (var q in new[] { 0.9, 0.95, 0.99, 0.999 })
        {
            var exact = sorted[(int)Math.Floor(q * (sorted.Length - 1))];
            Assert.InRange(sketch.Quantile(q), exact * (1 - 0.01 - 1e-9), exact * (1 + 0.01 + 1e-9));
        }

        Assert.Equal(values.Min(), sketch.Quantile(0));
    }

    [Fact]
    public void FoldedSketchesAreTheSameWhateverTheOrderOrTheMerges()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 5_000).Select(_ => (random.Next(2) * 2 - 1) * Math.Pow(10, random.NextDouble() * 10 - 4)).ToArray();

        var expected = Sketch(values, 0.01, maxBins: 64).ToBytes();
        var merged = Sketch(values[..1_000], 0.01, maxBins: 64);
        merged.Merge(Sketch(values[1_000..], 0.01, maxBins: 64));

        Assert.Equal(expected, Sketch(values.Order(), 0.01, maxBins: 64).ToBytes());
        Assert.Equal(expected, Sketch(values.OrderDescending(), 0.01, maxBins: 64).ToBytes());
        Assert.Equal(expected, merged.ToBytes());
    }

    [Fact]
    public void AddingValuesInTheSeenRangeDoesNotAllocate()
    {
        var values = LogNormal(new Random(8), 10_000, Math.Log(80), 1);
        var sketch = Sketch(values, 0.01);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++) sketch.Add(values[i % values.Length]);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void NonFiniteValuesAndLevelsAreRefused()
    {
        var sketch = new QuantileSketch();

        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Add(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Add(double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Quantile(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuantileSketch(0));
    }

    [Fact]
    public void ATypicalLatencySketchTakesUnderAKilobyte()
    {
        var values = LogNormal(new Random(9), 10_000, Math.Log(120), 1);
        var bytes = Sketch(values, 0.01).ToBytes();

        output.WriteLine($"10,000 log-normal latencies (median 120 ms, sigma 1), alpha 1%: {bytes.Length} bytes, {Sketch(values, 0.01).BinCount} bins");
        Assert.True(bytes.Length < 1024, $"{bytes.Length} bytes");
    }

    private static void AssertWithinAccuracy(double[] values, QuantileSketch sketch, double accuracy)
    {
        var sorted = values.Order().ToArray();
        foreach (var q in Levels)
        {
            var exact = sorted[(int)Math.Floor(q * (sorted.Length - 1))];
            var estimate = sketch.Quantile(q);
            Assert.True(Math.Abs(estimate - exact) <= accuracy * Math.Abs(exact) * (1 + 1e-9),
                $"q = {q}: sketch {estimate}, exact {exact}, error {Math.Abs(estimate - exact) / Math.Abs(exact):P3}");
        }
    }

    private static QuantileSketch Sketch(IEnumerable<double> values, double accuracy, int maxBins = QuantileSketch.DefaultMaxBins)
    {
        var sketch = new QuantileSketch(accuracy, maxBins);
        foreach (var value in values) sketch.Add(value);
        return sketch;
    }

    internal static double[] LogNormal(Random random, int n, double mu, double sigma) =>
        Enumerable.Range(0, n).Select(_ => Math.Exp(mu + sigma * Statistics.UnitStatisticsPropertyTests.Gaussian(random))).ToArray();
}
