namespace TSMetrics.Statistics;

/// <summary>
/// One treatment against the control: the lift with its interval, and either a p-value (frequentist,
/// sequential) or a chance to win with the expected loss of each choice (Bayesian).
/// </summary>
/// <param name="Method">The inference used.</param>
/// <param name="Lift">Estimated difference (relative or absolute).</param>
/// <param name="Lower">Lower end of the interval.</param>
/// <param name="Upper">Upper end of the interval.</param>
/// <param name="StandardError">Standard error of the lift.</param>
/// <param name="PValue">Two-sided p-value; null for Bayesian.</param>
/// <param name="ChanceToWin">Probability the treatment is better, in the metric's good direction (higher when unknown); Bayesian only.</param>
/// <param name="RiskControl">Expected loss of choosing the control; Bayesian only.</param>
/// <param name="RiskTreatment">Expected loss of choosing the treatment; Bayesian only.</param>
/// <param name="Uninformative">Why nothing can be said yet, or null.</param>
public sealed record ComparisonResult(
    TestMethod Method,
    double Lift,
    double Lower,
    double Upper,
    double StandardError,
    double? PValue,
    double? ChanceToWin = null,
    double? RiskControl = null,
    double? RiskTreatment = null,
    string? Uninformative = null)
{
    public bool IsInformative => Uninformative is null;

    /// <summary>The explicit "nothing to say yet" answer: no NaN, no crash.</summary>
    public static ComparisonResult NotInformative(TestMethod method, string reason) => method == TestMethod.Bayesian
        ? new(method, 0, 0, 0, 0, null, 0.5, 0, 0, reason)
        : new(method, 0, 0, 0, 0, 1, Uninformative: reason);
}
