namespace TSMetrics.Statistics.Units;

/// <summary>Per-unit moments from sums over units, as gbstats computes them (models/statistics.py, utils.py).</summary>
public static class DeltaMethod
{
    /// <summary>(Σx² − (Σx)²/n)/(n − 1); 0 when n ≤ 1. Not clamped, as gbstats: inconsistent sums show as a non-positive variance, which the tests refuse.</summary>
    public static double Variance(long n, double sum, double sumOfSquares) =>
        n <= 1 ? 0 : (sumOfSquares - sum * sum / n) / (n - 1);

    /// <summary>(Σxy − ΣxΣy/n)/(n − 1); 0 when n ≤ 1 (gbstats' compute_covariance for non-proportions).</summary>
    public static double Covariance(long n, double sumA, double sumB, double sumOfProducts) =>
        n <= 1 ? 0 : (sumOfProducts - sumA * sumB / n) / (n - 1);

    /// <summary>
    /// Per-unit variance of a ratio of means μm/μd (gbstats' variance_of_ratios):
    /// σ²m/μd² + σ²d·μm²/μd⁴ − 2·cov·μm/μd³; 0 when μd = 0.
    /// </summary>
    public static double VarianceOfRatios(double meanM, double varianceM, double meanD, double varianceD, double covariance)
    {
        if (meanD == 0) return 0;
        return varianceM / (meanD * meanD)
            + varianceD * meanM * meanM / Math.Pow(meanD, 4)
            - 2 * covariance * meanM / (meanD * meanD * meanD);
    }
}
