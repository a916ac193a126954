using MathNet.Numerics;

namespace TSMetrics.Statistics.Categories;

/// <summary>
/// Categorical values across variants: whether the distribution of categories differs (Pearson's
/// chi-square test of independence on the variants × categories table) and, per category, the lift of
/// its share with an interval (each share a proportion, compared by the chosen test).
/// </summary>
public static class CategoricalTest
{
    /// <summary>The test on counts per category per variant (a category missing from a variant counts 0).</summary>
    public static ChiSquareResult Independence(IReadOnlyList<IReadOnlyDictionary<string, long>> variants, bool continuityCorrection = false)
    {
        ArgumentNullException.ThrowIfNull(variants);
        var categories = Categories(variants);
        var table = new long[variants.Count, categories.Count];
        for (var r = 0; r < variants.Count; r++)
            for (var c = 0; c < categories.Count; c++)
                table[r, c] = variants[r].GetValueOrDefault(categories[c]);
        return Independence(table, continuityCorrection);
    }

    /// <summary>
    /// Pearson's χ² with df = (r − 1)(c − 1) over the rows and columns that have any count (an empty one
    /// has no expected count). With <paramref name="continuityCorrection"/> and df = 1, Yates' correction
    /// moves each count 0.5 towards its expectation, as scipy's chi2_contingency does by default.
    /// </summary>
    public static ChiSquareResult Independence(long[,] table, bool continuityCorrection = false)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = Enumerable.Range(0, table.GetLength(0)).Select(r => (Index: r, Total: Enumerable.Range(0, table.GetLength(1)).Sum(c => (double)table[r, c]))).Where(r => r.Total > 0).ToList();
        var columns = Enumerable.Range(0, table.GetLength(1)).Select(c => (Index: c, Total: Enumerable.Range(0, table.GetLength(0)).Sum(r => (double)table[r, c]))).Where(c => c.Total > 0).ToList();
        if (rows.Count < 2 || columns.Count < 2)
            return new ChiSquareResult(0, 0, 1, "needs at least two variants and two categories with data");

        var total = rows.Sum(r => r.Total);
        var freedom = (rows.Count - 1) * (columns.Count - 1);
        var correct = continuityCorrection && freedom == 1;
        double statistic = 0;
        foreach (var row in rows)
            foreach (var column in columns)
            {
                var expected = row.Total * column.Total / total;
                var deviation = Math.Abs(table[row.Index, column.Index] - expected);
                if (correct) deviation = Math.Max(0, deviation - 0.5);
                statistic += deviation * deviation / expected;
            }

        // The upper regularized gamma keeps tiny p-values that 1 − CDF would round to 0.
        return new ChiSquareResult(statistic, freedom, Math.Clamp(SpecialFunctions.GammaUpperRegularized(freedom / 2.0, statistic / 2), 0, 1));
    }

    /// <summary>Per category (ordinal order), the treatment's share against the control's, by the chosen test.</summary>
    public static IReadOnlyList<CategoryShareComparison> ShareLifts(
        IReadOnlyDictionary<string, long> control, IReadOnlyDictionary<string, long> treatment, TestMethod method, ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(treatment);
        var controlTotal = control.Values.Sum();
        var treatmentTotal = treatment.Values.Sum();
        var result = new List<CategoryShareComparison>();
        foreach (var category in Categories([control, treatment]))
        {
            var a = Share(control.GetValueOrDefault(category), controlTotal);
            var b = Share(treatment.GetValueOrDefault(category), treatmentTotal);
            var comparison = method switch
            {
                TestMethod.Fixed => WelchTest.Compare(a, b, options),
                TestMethod.Bayesian => BayesianTest.Compare(a, b, false, options),
                _ => SequentialTest.Compare(a, b, options),
            };
            result.Add(new CategoryShareComparison(category, a.Mean, b.Mean, comparison));
        }

        return result;
    }

    private static ArmEstimate Share(long count, long total) =>
        total == 0 ? new ArmEstimate(0, 0, 0) : new ArmEstimate(total, (double)count / total, (double)count / total * (1 - (double)count / total));

    private static List<string> Categories(IEnumerable<IReadOnlyDictionary<string, long>> variants) =>
        variants.SelectMany(v => v.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
