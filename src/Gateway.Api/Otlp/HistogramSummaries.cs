using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Metrics.V1;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Otlp;

/// <summary>
/// Turns one OTLP histogram data point (explicit or exponential) into a <see cref="PointSummary"/>: count and
/// sum exact, min and max exact when sent (else the edges of the outermost non-empty buckets), and each
/// non-empty bucket counted in the quantile bin of one representative value:
/// an explicit bucket (lo, hi] at its midpoint, an exponential one (base^i, base^(i+1)] at its geometric
/// midpoint base^(i+½), the zero bucket at 0; every range first clamped to [min, max], so the unbounded first
/// and last explicit buckets stand at min and max. Quantiles are then no finer than the exporter's buckets
/// (the bins' 1% adds to that only where a bucket is narrower than 1%).
/// </summary>
/// <remarks>
/// M2 is estimated as Σ count × (representative − exact mean)²: every value placed at its bucket's
/// representative. The spread inside a bucket is unknown: for a smooth distribution over buckets of width h
/// this overstates the variance by about h²/12 (Sheppard), for values bunched inside one bucket it
/// understates it; exact when each bucket's values equal its representative.
/// </remarks>
internal static class HistogramSummaries
{
    /// <summary>Buckets one data point may have (an exponential histogram's default max_size is 160 per sign).</summary>
    public const int MaxBuckets = 320;

    /// <summary>The summary of an explicit-bucket data point; null with <paramref name="problem"/> null when it holds no value.</summary>
    public static PointSummary? Of(HistogramDataPoint point, out string? problem)
    {
        problem = null;
        if (point.Count == 0) return null;
        var counts = point.BucketCounts;
        var bounds = point.ExplicitBounds;
        if (counts.Count == 0) return Fail(out problem, "a histogram data point without bucket counts has no spread to store");
        if (counts.Count != bounds.Count + 1) return Fail(out problem, "a histogram data point needs one bucket count more than explicit bounds");
        if (counts.Count > MaxBuckets) return Fail(out problem, $"histogram data points with more than {MaxBuckets} buckets are not stored");
        for (var i = 0; i < bounds.Count; i++)
            if (!double.IsFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1]))
                return Fail(out problem, "explicit bounds must be finite and increasing");
        if (Common(point.Count, point.HasSum, point.Sum, point.HasMin, point.Min, point.HasMax, point.Max, Total(counts, 0), out problem) is not { } shape) return null;

        int first = FirstNonEmpty(counts), last = LastNonEmpty(counts);
        var min = point.HasMin ? point.Min : first == 0 ? bounds[0] : bounds[first - 1];
        var max = point.HasMax ? point.Max : last == bounds.Count ? bounds[^1] : bounds[last];
        var builder = new Builder(shape.Count, shape.Sum, min, max);
        for (var i = first; i <= last; i++)
        {
            var lo = i == 0 ? double.NegativeInfinity : bounds[i - 1];
            var hi = i == bounds.Count ? double.PositiveInfinity : bounds[i];
            builder.Add(lo, hi, geometric: false, midpoint: 0, counts[i]);
        }

        return builder.Build();
    }

    /// <summary>The summary of an exponential data point; null with <paramref name="problem"/> null when it holds no value.</summary>
    public static PointSummary? Of(ExponentialHistogramDataPoint point, out string? problem)
    {
        problem = null;
        if (point.Count == 0) return null;
        if (point.Scale is < -10 or > 20) return Fail(out problem, "exponential histogram scales must be within -10 and 20");
        var positive = point.Positive?.BucketCounts;
        var negative = point.Negative?.BucketCounts;
        if ((positive?.Count ?? 0) + (negative?.Count ?? 0) > MaxBuckets)
            return Fail(out problem, $"histogram data points with more than {MaxBuckets} buckets are not stored");
        var total = point.ZeroCount + Total(positive, 0) + Total(negative, 0);
        if (Common(point.Count, point.HasSum, point.Sum, point.HasMin, point.Min, point.HasMax, point.Max, total, out problem) is not { } shape) return null;

        var factor = Math.Pow(2, -point.Scale);
        // Bucket offset + k holds (base^(offset+k), base^(offset+k+1)], base = 2^(2^-scale).
        double Edge(int offset, int k) => Math.Pow(2, (offset + (double)k) * factor);
        var zero = point.ZeroThreshold;
        var min = point.HasMin ? point.Min
            : negative is { } n && LastNonEmpty(n) is >= 0 and var nl ? -Edge(point.Negative!.Offset, nl + 1)
            : point.ZeroCount > 0 ? -zero
            : Edge(point.Positive!.Offset, FirstNonEmpty(point.Positive.BucketCounts));
        var max = point.HasMax ? point.Max
            : positive is { } p && LastNonEmpty(p) is >= 0 and var pl ? Edge(point.Positive!.Offset, pl + 1)
            : point.ZeroCount > 0 ? zero
            : -Edge(point.Negative!.Offset, FirstNonEmpty(point.Negative.BucketCounts));
        var builder = new Builder(shape.Count, shape.Sum, min, max);
        for (var k = 0; negative is not null && k < negative.Count; k++)
            builder.Add(-Edge(point.Negative!.Offset, k + 1), -Edge(point.Negative.Offset, k), geometric: true, -Math.Pow(2, (point.Negative.Offset + k + 0.5) * factor), negative[k]);
        if (point.ZeroCount > 0) builder.Add(-zero, zero, geometric: true, 0, point.ZeroCount);
        for (var k = 0; positive is not null && k < positive.Count; k++)
            builder.Add(Edge(point.Positive!.Offset, k), Edge(point.Positive.Offset, k + 1), geometric: true, Math.Pow(2, (point.Positive.Offset + k + 0.5) * factor), positive[k]);
        return builder.Build();
    }

    // The checks both kinds share: counts that add up, a finite sum, extremes that are finite and ordered.
    private static (long Count, double Sum)? Common(
        ulong count, bool hasSum, double sum, bool hasMin, double min, bool hasMax, double max, ulong bucketTotal, out string? problem)
    {
        problem = null;
        if (count > long.MaxValue) return Fail2(out problem, "histogram counts beyond 2^63 are not stored");
        if (bucketTotal != count) return Fail2(out problem, "a histogram data point's bucket counts must add up to its count");
        if (!hasSum) return Fail2(out problem, "histogram data points without a sum are not stored (the mean needs it)");
        if (!double.IsFinite(sum) || (hasMin && !double.IsFinite(min)) || (hasMax && !double.IsFinite(max)))
            return Fail2(out problem, "values must be finite numbers");
        if (hasMin && hasMax && min > max) return Fail2(out problem, "a histogram data point's min is above its max");
        return ((long)count, sum);
    }

    private static ulong Total(RepeatedField<ulong>? counts, ulong total)
    {
        for (var i = 0; counts is not null && i < counts.Count; i++) total += counts[i];
        return total;
    }

    private static int FirstNonEmpty(RepeatedField<ulong> counts)
    {
        for (var i = 0; i < counts.Count; i++)
            if (counts[i] != 0) return i;
        return -1;
    }

    private static int LastNonEmpty(RepeatedField<ulong> counts)
    {
        for (var i = counts.Count - 1; i >= 0; i--)
            if (counts[i] != 0) return i;
        return -1;
    }

    private static PointSummary? Fail(out string? problem, string reason)
    {
        problem = reason;
        return null;
    }

    private static (long, double)? Fail2(out string? problem, string reason)
    {
        problem = reason;
        return null;
    }

    /// <summary>Adds buckets' counts at their representatives: bins and the M2 around the exact mean.</summary>
    private sealed class Builder(long count, double sum, double min, double max)
    {
        private readonly KeyedCounts _bins = new();
        private readonly double _mean = sum / count;
        // A sent min above the buckets' upper edge (buckets and extremes that disagree) must not invert the range.
        private readonly double _max = Math.Max(min, max);
        private double _m2;

        public void Add(double lo, double hi, bool geometric, double midpoint, ulong bucketCount)
        {
            if (bucketCount == 0) return;
            // The bucket's range within [min, max] (an unbounded edge becomes the extreme); a bucket that lies
            // outside it (extremes the buckets contradict) collapses onto the nearer extreme.
            var low = Math.Clamp(lo, min, _max);
            var high = Math.Clamp(hi, min, _max);
            var representative = geometric ? Math.Clamp(midpoint, low, high) : low + (high - low) / 2;
            var deviation = representative - _mean;
            _m2 += bucketCount * deviation * deviation;
            _bins.Add(QuantileBins.KeyOf(representative), (long)bucketCount);
        }

        public PointSummary Build()
        {
            var keys = new int[_bins.Length];
            var counts = new long[_bins.Length];
            for (var i = 0; i < keys.Length; i++) (keys[i], counts[i]) = (_bins.KeyAt(i), _bins.CountAt(i));
            return new PointSummary(count, min, _max, _m2, keys, counts);
        }
    }
}
