namespace TSMetrics.Statistics.Categories;

/// <summary>A chi-square test of independence between variant and category.</summary>
/// <param name="Statistic">Σ (O − E)²/E over the cells.</param>
/// <param name="DegreesOfFreedom">(rows − 1)(columns − 1), after dropping empty rows and columns.</param>
/// <param name="PValue">P(χ²_df ≥ statistic); 1 when uninformative.</param>
/// <param name="Uninformative">Why nothing can be said, or null.</param>
public sealed record ChiSquareResult(double Statistic, int DegreesOfFreedom, double PValue, string? Uninformative = null)
{
    public bool IsInformative => Uninformative is null;
}
