using OpenTelemetry.Proto.Metrics.V1;
using TSMetrics.Gateway.Api.Otlp;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Tests.Unit;

/// <summary>OTLP histogram data points as summaries: which bin each bucket counts in, and how far the M2 estimate is from exact data.</summary>
public sealed class HistogramSummariesTests
{
    [Fact]
    public void ExplicitBucketsCountAtTheirMidpointClampedToMinAndMaxAndTheUnboundedOnesStandAtTheExtremes()
    {
        var point = Explicit([0, 10, 20], [0, 3, 1, 2], sum: 60, min: 2, max: 35);

        var summary = HistogramSummaries.Of(point, out var problem)!;

        Assert.Null(problem);
        Assert.Equal((6L, 2.0, 35.0), (summary.Count, summary.Min, summary.Max));
        // (0, 10] within [2, 35] is [2, 10]: 6; (10, 20]: 15; (20, +inf) within [2, 35] is [20, 35]: 27.5.
        Assert.Equal(Bins((6, 3), (15, 1), (27.5, 2)), Pairs(summary));
        Assert.Equal(3 * Sq(6 - 10) + Sq(15 - 10) + 2 * Sq(27.5 - 10), summary.M2, 9);
    }

    [Fact]
    public void WithoutMinAndMaxTheEdgesOfTheOutermostNonEmptyBucketsStandForThem()
    {
        var below = HistogramSummaries.Of(Explicit([0, 10, 20], [2, 0, 0, 0], sum: -3, min: null, max: null), out _)!;
        var middle = HistogramSummaries.Of(Explicit([0, 10, 20], [0, 1, 1, 0], sum: 20, min: null, max: null), out _)!;
        var above = HistogramSummaries.Of(Explicit([0, 10, 20], [0, 0, 0, 4], sum: 100, min: null, max: null), out _)!;

        Assert.Equal((0.0, 0.0), (below.Min, below.Max)); // (-inf, 0]: its finite edge
        Assert.Equal((0.0, 20.0), (middle.Min, middle.Max));
        Assert.Equal(Bins((5, 1), (15, 1)), Pairs(middle));
        Assert.Equal((20.0, 20.0), (above.Min, above.Max)); // (20, +inf): its finite edge
    }

    [Fact]
    public void ExponentialBucketsCountAtTheirGeometricMidpointAndTheZeroBucketAtZero()
    {
        // Scale 1: base √2. Positive offset -2: (2^-1, 2^-0.5] x1, (2^-0.5, 1] x0, (1, 2^0.5] x2; negative offset 0: [-2^0.5, -1) x4.
        var point = new ExponentialHistogramDataPoint
        {
            Count = 10, Sum = -1, Scale = 1, ZeroCount = 3,
            Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = -2, BucketCounts = { 1, 0, 2 } },
            Negative = new ExponentialHistogramDataPoint.Types.Buckets { Offset = 0, BucketCounts = { 4 } },
        };

        var summary = HistogramSummaries.Of(point, out var problem)!;

        Assert.Null(problem);
        Assert.Equal((10L, -Math.Sqrt(2), Math.Sqrt(2)), (summary.Count, summary.Min, summary.Max));
        Assert.Equal(Bins((-Math.Pow(2, 0.25), 4), (0, 3), (Math.Pow(2, -0.75), 1), (Math.Pow(2, 0.25), 2)), Pairs(summary));
    }

    [Fact]
    public void TheSpecificationsExamplePointsBecomeTheirCountSumExtremesAndBins()
    {
        var explicitPoint = HistogramSummaries.Of(Explicit([1], [1, 1], sum: 2, min: 0, max: 2), out _)!;
        var exponential = HistogramSummaries.Of(new ExponentialHistogramDataPoint
        {
            Count = 3, Sum = 10, Scale = 0, ZeroCount = 1, Min = 0, Max = 5,
            Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = 1, BucketCounts = { 0, 2 } },
        }, out _)!;

        Assert.Equal(Bins((0.5, 1), (1.5, 1)), Pairs(explicitPoint));
        Assert.Equal(0.5, explicitPoint.M2, 12);
        // (4, 8] within [0, 5]: its geometric midpoint 2^2.5 clamped to the max.
        Assert.Equal((3L, 0.0, 5.0), (exponential.Count, exponential.Min, exponential.Max));
        Assert.Equal(Bins((0, 1), (5, 2)), Pairs(exponential));
    }

    [Theory]
    [InlineData(1.0)]   // buckets of 1 ms: fine against the spread
    [InlineData(25.0)]  // coarse ones
    public void TheEstimatedSpreadIsWithinHalfABucketOfTheExactOneAndTheMeanIsExact(double width)
    {
        var rng = new Random(7);
        var values = Enumerable.Range(0, 20_000).Select(_ => Math.Exp(4 + 0.4 * Normal(rng))).ToArray();
        var bounds = Enumerable.Range(1, 300).Select(i => i * width).Where(b => b < 400).ToArray();
        var counts = new ulong[bounds.Length + 1];
        foreach (var value in values) counts[Array.FindIndex(bounds, b => value <= b) is var at and >= 0 ? at : bounds.Length]++;
        var exact = new SummaryStats();
        foreach (var value in values) exact.Add(value);

        var summary = HistogramSummaries.Of(Explicit(bounds, counts, exact.Sum, exact.Min, exact.Max), out _)!;
        var estimated = summary.StatsWith(exact.Sum);

        Assert.Equal(exact.Mean, estimated.Mean, 12);
        // Every value is within half its (clamped) bucket of its representative, so by the triangle inequality
        // the standard deviations differ by at most the root mean square of those half widths.
        var halfWidths = values.Select(v => HalfWidth(bounds, exact, v)).ToArray();
        var bound = Math.Sqrt(halfWidths.Average(h => h * h));
        Assert.InRange(Math.Sqrt(estimated.Variance) - Math.Sqrt(exact.Variance), -bound, bound);
        if (width == 1.0) Assert.InRange(estimated.Variance / exact.Variance, 0.99, 1.01);
        // Quantiles from the bins: within a bucket (plus the bins' 1%) of the exact ones.
        var sorted = values.Order().ToArray();
        var quantiles = QuantileBins.Quantiles(Counts(summary), summary.Min, summary.Max, [0.5, 0.95]);
        Assert.InRange(quantiles[0], sorted[9_999] - width - 0.01 * sorted[9_999], sorted[9_999] + width + 0.01 * sorted[9_999]);
        Assert.InRange(quantiles[1], sorted[18_999] - width - 0.01 * sorted[18_999], sorted[18_999] + width + 0.01 * sorted[18_999]);
    }

    [Fact]
    public void PointsThatCannotBeSummarisedHonestlySayWhyAndAnEmptyOneIsNothing()
    {
        string? Problem(HistogramDataPoint point) { HistogramSummaries.Of(point, out var problem); return problem; }

        Assert.Null(HistogramSummaries.Of(Explicit([1], [0, 0], sum: 0, min: null, max: null), out var empty));
        Assert.Null(empty);
        Assert.Contains("add up to its count", Problem(Explicit([1], [1, 1], sum: 2, min: null, max: null, count: 3)));
        Assert.Contains("one bucket count more", Problem(Explicit([1, 2], [1, 1], sum: 2, min: null, max: null)));
        Assert.Contains("increasing", Problem(Explicit([2, 1], [1, 0, 0], sum: 2, min: null, max: null)));
        Assert.Contains("without a sum", Problem(new HistogramDataPoint { Count = 1, BucketCounts = { 1 } }));
        Assert.Contains("without bucket counts", Problem(new HistogramDataPoint { Count = 1, Sum = 1 }));
        var many = Enumerable.Range(1, HistogramSummaries.MaxBuckets).Select(i => (double)i).ToArray();
        var manyCounts = new ulong[many.Length + 1];
        manyCounts[0] = 1;
        Assert.Contains($"more than {HistogramSummaries.MaxBuckets} buckets", Problem(Explicit(many, manyCounts, sum: 1, min: null, max: null)));
        HistogramSummaries.Of(new ExponentialHistogramDataPoint { Count = 1, Sum = 1, Scale = 21, ZeroCount = 1 }, out var scale);
        Assert.Contains("scales", scale);
    }

    internal static HistogramDataPoint Explicit(double[] bounds, ulong[] counts, double sum, double? min, double? max, ulong? count = null)
    {
        var point = new HistogramDataPoint { Count = count ?? (ulong)counts.Sum(c => (decimal)c), Sum = sum };
        point.ExplicitBounds.AddRange(bounds);
        point.BucketCounts.AddRange(counts);
        if (min is { } lo) point.Min = lo;
        if (max is { } hi) point.Max = hi;
        return point;
    }

    private static double HalfWidth(double[] bounds, SummaryStats exact, double value)
    {
        var at = Array.FindIndex(bounds, b => value <= b);
        var lo = Math.Max(at <= 0 ? exact.Min : bounds[at - 1], exact.Min);
        var hi = Math.Min(at < 0 ? exact.Max : bounds[at], exact.Max);
        return (hi - lo) / 2;
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static double Sq(double x) => x * x;

    private static (int, long)[] Bins(params (double Value, long Count)[] bins) =>
        bins.GroupBy(b => QuantileBins.KeyOf(b.Value)).Select(g => (g.Key, g.Sum(b => b.Count))).OrderBy(b => b.Key).ToArray();

    private static (int, long)[] Pairs(PointSummary summary) => summary.BinKeys.Zip(summary.BinCounts).ToArray();

    private static KeyedCounts Counts(PointSummary summary)
    {
        var counts = new KeyedCounts();
        for (var i = 0; i < summary.BinKeys.Length; i++) counts.Add(summary.BinKeys[i], summary.BinCounts[i]);
        return counts;
    }
}
