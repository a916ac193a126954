using TSMetrics.Statistics.Sketches;

namespace TSMetrics.Statistics.Quantiles;

/// <summary>
/// Compares the ν-quantile (p50, p95, p99...) of two arms' sketches, lift and interval as for means
/// (GrowthBook's quantile testing). GrowthBook offers fixed and Bayesian tests for quantiles; the
/// sequential interval applies the same confidence sequence to the quantile's normal approximation.
/// </summary>
public static class QuantileComparison
{
    public static ComparisonResult Compare(QuantileSketch control, QuantileSketch treatment, double nu, TestMethod method, bool lowerIsBetter, ComparisonOptions options)
    {
        var a = QuantileArm.FromSketch(control, nu).ToEstimate();
        var b = QuantileArm.FromSketch(treatment, nu).ToEstimate();
        return method switch
        {
            TestMethod.Fixed => WelchTest.Compare(a, b, options),
            TestMethod.Bayesian => BayesianTest.Compare(a, b, lowerIsBetter, options),
            _ => SequentialTest.Compare(a, b, options),
        };
    }
}
