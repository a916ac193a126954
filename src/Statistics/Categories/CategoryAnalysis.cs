namespace TSMetrics.Statistics.Categories;

/// <summary>
/// A categorical metric across variants: whether the distribution of values differs (Pearson's chi-square over
/// the variants × values table) and, per treatment and value, its share against the control's with an interval.
/// </summary>
/// <param name="ChiSquare">Statistic, degrees of freedom and p-value of the test of independence.</param>
/// <param name="Variants">Per variant, its points per value.</param>
/// <param name="Shares">Per treatment and value, the share lift over the control.</param>
public sealed record CategoryAnalysis(
    ChiSquareResult ChiSquare,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Variants,
    IReadOnlyList<CategoryShareLift> Shares)
{
    /// <summary>Values are counted per point.</summary>
    public string AnalysisUnit => "event";
}

/// <summary>One value's share in one treatment against the control.</summary>
public sealed record CategoryShareLift(
    string Variant, string Category, double ControlShare, double TreatmentShare, double Lift, double Lower, double Upper, double? PValue, double? ChanceToWin, string? Reason);
