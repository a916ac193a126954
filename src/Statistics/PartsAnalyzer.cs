using TSMetrics.Statistics.Categories;
using TSMetrics.Statistics.Quantiles;

namespace TSMetrics.Statistics;

/// <summary>
/// Quantile and category comparisons of a metric, read with the test's method and options like its means.
/// They are per event: a sketch knows values, not the users who sent them, so the answer says so; they are
/// not part of the Holm/BH family of the means, which keeps the verdicts on means what they were.
/// </summary>
internal static class PartsAnalyzer
{
    public static IReadOnlyList<QuantileAnalysis>? Quantiles(MetricInput metric, string? control, ExperimentInput input)
    {
        if (metric.Parts?.Sketches is not { Count: > 0 } sketches || control is null) return null;
        var result = new List<QuantileAnalysis>(metric.Parts.Levels.Count);
        var lowerIsBetter = metric.HigherIsBetter == false;
        foreach (var level in metric.Parts.Levels)
        {
            var values = sketches.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new QuantileValue(p.Key, p.Value.Count, p.Value.Count == 0 ? null : p.Value.Quantile(level)))
                .ToList();
            var comparisons = new List<VariantComparison>();
            foreach (var (variant, sketch) in sketches.Where(p => p.Key != control).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var compared = sketches.TryGetValue(control, out var controlSketch)
                    ? QuantileComparison.Compare(controlSketch, sketch, level, input.Method, lowerIsBetter, input.Options)
                    : ComparisonResult.NotInformative(input.Method, "the control has no data for this metric");
                comparisons.Add(ExperimentAnalyzer.ToComparison(variant, compared) with
                {
                    Verdict = Verdicts.Of(compared, metric.HigherIsBetter, input.Options.Alpha, null),
                });
            }

            result.Add(new QuantileAnalysis(level, QuantileAnalysis.NameOf(level), values, comparisons));
        }

        return result;
    }

    public static CategoryAnalysis? Categories(MetricInput metric, string? control, ExperimentInput input)
    {
        if (metric.Parts?.Categories is not { Count: > 0 } variants || control is null) return null;
        var ordered = variants.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var chiSquare = CategoricalTest.Independence(ordered.Select(p => p.Value).ToList());
        var shares = new List<CategoryShareLift>();
        if (variants.TryGetValue(control, out var controlCounts))
        {
            foreach (var (variant, counts) in ordered.Where(p => p.Key != control))
                foreach (var share in CategoricalTest.ShareLifts(controlCounts, counts, input.Method, input.Options))
                {
                    var r = share.Result;
                    shares.Add(new CategoryShareLift(variant, share.Category, share.ControlShare, share.TreatmentShare, r.Lift, r.Lower, r.Upper, r.PValue, r.ChanceToWin, r.Uninformative));
                }
        }

        return new CategoryAnalysis(chiSquare, variants, shares);
    }
}
