namespace TSMetrics.Statistics.Categories;

/// <summary>One category's share of a treatment against its share of the control.</summary>
/// <param name="Category">The category.</param>
/// <param name="ControlShare">Share of the control's observations in this category.</param>
/// <param name="TreatmentShare">Share of the treatment's.</param>
/// <param name="Result">The lift (ratio of shares − 1, or their difference when absolute) with its interval.</param>
public sealed record CategoryShareComparison(string Category, double ControlShare, double TreatmentShare, ComparisonResult Result);
