namespace TSMetrics.Statistics;

/// <summary>
/// One arm's sufficient statistics: count, sum and sum of squared deviations from the mean (M2). M2 rather
/// than a raw sum of squares keeps the variance exact when the mean dwarfs the spread.
/// </summary>
public readonly record struct ArmSample(long Count, double Sum, double SumOfSquaredDeviations)
{
    /// <summary>From n, Σy and Σy², as experiment engines take their inputs.</summary>
    public static ArmSample FromSums(long count, double sum, double sumOfSquares) =>
        new(count, sum, count == 0 ? 0 : Math.Max(0, sumOfSquares - sum * sum / count));

    public double Mean => Count == 0 ? double.NaN : Sum / Count;

    /// <summary>Per-unit variance: the sample variance for means, p(1 - p) for proportions (as GrowthBook).</summary>
    public double Variance(bool proportion)
    {
        if (proportion) return Count == 0 ? 0 : Mean * (1 - Mean);
        return Count <= 1 ? 0 : SumOfSquaredDeviations / (Count - 1);
    }

    /// <summary>This sample as the tests take it: count, mean and per-unit variance.</summary>
    public ArmEstimate Estimate(bool proportion) => new(Count, Mean, Variance(proportion));
}
