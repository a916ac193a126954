namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// Sufficient statistics of a set of values: count, sum, sum of squared deviations from the mean (M2),
/// min and max. Mergeable without loss (Chan et al.), so buckets of any resolution and windows of any
/// length combine exactly. Variance comes from M2 rather than from a raw sum of squares, which cancels
/// catastrophically when the mean is large relative to the spread.
/// </summary>
[GenerateSerializer, Alias("TSMetrics.SummaryStats")]
public struct SummaryStats : IEquatable<SummaryStats>
{
    /// <summary>Number of values.</summary>
    [Id(0)] public long Count;

    /// <summary>Sum of the values.</summary>
    [Id(1)] public double Sum;

    /// <summary>Sum of squared deviations from the mean.</summary>
    [Id(2)] public double M2;

    /// <summary>Smallest value (undefined when <see cref="Count"/> is 0).</summary>
    [Id(3)] public double Min;

    /// <summary>Largest value (undefined when <see cref="Count"/> is 0).</summary>
    [Id(4)] public double Max;

    /// <summary>Creates statistics from stored components.</summary>
    public SummaryStats(long count, double sum, double m2, double min, double max)
    {
        Count = count;
        Sum = sum;
        M2 = m2;
        Min = min;
        Max = max;
    }

    /// <summary>Mean of the values, or NaN when empty.</summary>
    public readonly double Mean => Count == 0 ? double.NaN : Sum / Count;

    /// <summary>Sample variance (n - 1 denominator), or NaN with fewer than two values.</summary>
    public readonly double Variance => Count < 2 ? double.NaN : M2 / (Count - 1);

    /// <summary>Sum of squares of the values, as experiment engines take it as input.</summary>
    public readonly double SumOfSquares => Count == 0 ? 0 : M2 + Sum * Sum / Count;

    /// <summary>Whether no value has been added.</summary>
    public readonly bool IsEmpty => Count == 0;

    /// <summary>Adds one value (Welford's update).</summary>
    public void Add(double value)
    {
        if (Count == 0)
        {
            Count = 1;
            Sum = value;
            M2 = 0;
            Min = value;
            Max = value;
            return;
        }

        var oldMean = Sum / Count;
        Count++;
        Sum += value;
        M2 += (value - oldMean) * (value - Sum / Count);
        if (value < Min) Min = value;
        if (value > Max) Max = value;
    }

    /// <summary>Merges another set of statistics into this one (Chan's parallel update).</summary>
    public void Merge(in SummaryStats other)
    {
        if (other.Count == 0) return;
        if (Count == 0)
        {
            this = other;
            return;
        }

        var delta = other.Sum / other.Count - Sum / Count;
        var total = Count + other.Count;
        M2 += other.M2 + delta * delta * ((double)Count * other.Count / total);
        Count = total;
        Sum += other.Sum;
        if (other.Min < Min) Min = other.Min;
        if (other.Max > Max) Max = other.Max;
    }

    /// <summary>Returns the merge of two sets of statistics.</summary>
    public static SummaryStats Combine(in SummaryStats left, in SummaryStats right)
    {
        var result = left;
        result.Merge(right);
        return result;
    }

    /// <inheritdoc />
    public readonly bool Equals(SummaryStats other) =>
        Count == other.Count && Sum.Equals(other.Sum) && M2.Equals(other.M2) && Min.Equals(other.Min) && Max.Equals(other.Max);

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is SummaryStats other && Equals(other);

    /// <inheritdoc />
    public override readonly int GetHashCode() => HashCode.Combine(Count, Sum, M2, Min, Max);
}
