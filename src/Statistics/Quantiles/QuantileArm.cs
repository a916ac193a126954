using MathNet.Numerics.Distributions;
using TSMetrics.Statistics.Sketches;
using TSMetrics.Statistics.Units;

namespace TSMetrics.Statistics.Quantiles;

/// <summary>
/// One arm's ν-quantile and the order statistics around it, as GrowthBook's QuantileStatistic (Deng,
/// Knoblich and Yu 2018, "outer CI"): the per-unit variance is (n*/n)(n − 1)((q_U − q_L)/(2·z_0.975))²,
/// floored at 1e-5 from n = 100, where q_L, q_U are the quantiles of rank n(ν ∓ z_0.975·√(ν(1 − ν)/n*)).
/// </summary>
/// <param name="N">Values (events, or units for a per-unit quantile).</param>
/// <param name="NStar">Sample size the bounds were taken at (n itself from a sketch; GrowthBook's SQL uses a grid).</param>
/// <param name="Nu">Quantile level ν in (0, 1).</param>
/// <param name="Estimate">The sample ν-quantile.</param>
/// <param name="Lower">Quantile at the lower rank.</param>
/// <param name="Upper">Quantile at the upper rank.</param>
public readonly record struct QuantileArm(long N, long NStar, double Nu, double Estimate, double Lower, double Upper)
{
    /// <summary>z_0.975: GrowthBook fixes the bounds at 95% whatever the test's alpha.</summary>
    public static readonly double Z = Normal.InvCDF(0, 1, 0.975);

    /// <summary>The arm's quantile and bounds read from a sketch (n* = n), each within the sketch's accuracy.</summary>
    public static QuantileArm FromSketch(QuantileSketch sketch, double nu)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        if (!(nu > 0 && nu < 1)) throw new ArgumentOutOfRangeException(nameof(nu), nu, "must be in (0, 1)");
        var n = sketch.Count;
        if (n == 0) return new QuantileArm(0, 0, nu, 0, 0, 0);
        var spread = Z * Math.Sqrt(nu * (1 - nu) / n);
        return new QuantileArm(n, n, nu, sketch.Quantile(nu), sketch.Quantile(Math.Max(0, nu - spread)), sketch.Quantile(Math.Min(1, nu + spread)));
    }

    /// <summary>Before the floor: 0 for n ≤ 1.</summary>
    public double UnflooredVariance => N <= 1 ? 0 : (double)NStar / N * (N - 1) * Math.Pow((Upper - Lower) / (2 * Z), 2);

    public double Variance => N < 100 ? UnflooredVariance : Math.Max(UnflooredVariance, 1e-5);

    /// <summary>
    /// True when nothing can be said: too few values for the level (n ≤ z²ν/(1 − ν) or n ≤ z²(1 − ν)/ν, so
    /// n ≥ 381 for p99), or bounds that collapsed (discrete values, or a sketch that cannot resolve them).
    /// </summary>
    public bool HasZeroVariance =>
        N <= Z * Z * Nu / (1 - Nu) || N <= Z * Z * (1 - Nu) / Nu || UnflooredVariance <= 0;

    /// <summary>What the tests compare: n, the quantile, its per-unit variance (0 when uninformative).</summary>
    public ArmEstimate ToEstimate() => new(N, Estimate, HasZeroVariance ? 0 : Variance);

    /// <summary>
    /// GrowthBook's QuantileClusteredStatistic for event-level quantiles of clustered events (several per
    /// user): the variance scaled by Var_cluster(Ī)/Var_iid(Ī) of the indicator I = 1{Y ≤ q̂}, where
    /// <paramref name="indicator"/> holds per user x = events ≤ q̂ and y = events.
    /// </summary>
    public ArmEstimate ToClusteredEstimate(in UnitSums indicator)
    {
        var clusters = indicator.Units;
        if (HasZeroVariance || N <= 1 || Nu == 0 || clusters <= 1 || indicator.SumY <= 0) return new(N, Estimate, 0);
        double k = clusters;
        var clusterVariance = DeltaMethod.VarianceOfRatios(
            indicator.SumX / k, DeltaMethod.Variance(clusters, indicator.SumX, indicator.SumXSquared),
            indicator.SumY / k, DeltaMethod.Variance(clusters, indicator.SumY, indicator.SumYSquared),
            DeltaMethod.Covariance(clusters, indicator.SumX, indicator.SumY, indicator.SumXY)) / k;
        var adjusted = UnflooredVariance * clusterVariance / (Nu * (1 - Nu) / N);
        return new(N, Estimate, !(adjusted > 0) ? 0 : N < 100 ? adjusted : Math.Max(adjusted, 1e-5));
    }
}
