using TSMetrics.Statistics;
using TSMetrics.Statistics.Categories;

namespace TSMetrics.Tests.Statistics;

/// <summary>The chi-square test of categories across variants and the per-category share lifts, against known answers.</summary>
public sealed class CategoricalTestTests
{
    [Fact]
    public void ScipyTwoByThreeExample()
    {
        // scipy.stats.chi2_contingency docs: [[10, 10, 20], [20, 20, 20]] gives 2.7777777777777777,
        // p 0.24935220877729619, dof 2. By hand: expected [[12, 12, 16], [18, 18, 24]]; df 2, so p = e^(−χ²/2).
        var result = CategoricalTest.Independence(new long[,] { { 10, 10, 20 }, { 20, 20, 20 } });

        Assert.Equal(2.7777777777777777, result.Statistic, 12);
        Assert.Equal(2, result.DegreesOfFreedom);
        Assert.Equal(0.24935220877729619, result.PValue, 12);
        Assert.Equal(Math.Exp(-25.0 / 18), result.PValue, 12);
    }

    [Fact]
    public void ScipyAspirinExampleWithAndWithoutYates()
    {
        // scipy.stats.chi2_contingency docs (Physicians' Health Study): [[176, 230], [21035, 21018]] with the
        // default correction gives 6.892569132546561, p 0.008655478161175739.
        var table = new long[,] { { 176, 230 }, { 21035, 21018 } };

        var corrected = CategoricalTest.Independence(table, continuityCorrection: true);
        var plain = CategoricalTest.Independence(table);

        Assert.Equal(6.892569132546561, corrected.Statistic, 9);
        Assert.Equal(0.008655478161175739, corrected.PValue, 12);
        Assert.Equal(1, corrected.DegreesOfFreedom);
        Assert.True(plain.Statistic > corrected.Statistic);
        // Without correction a 2 × 2 table's χ² is N(ad − bc)²/(row and column totals multiplied).
        Assert.Equal(42459.0 * Math.Pow(176.0 * 21018 - 230.0 * 21035, 2) / (406.0 * 42053 * 21211 * 21248), plain.Statistic, 9);
    }

    [Fact]
    public void EmptyCategoriesAndVariantsAreLeftOut()
    {
        var withEmpty = CategoricalTest.Independence(new long[,] { { 10, 0, 10, 20 }, { 0, 0, 0, 0 }, { 20, 0, 20, 20 } });

        Assert.Equal(2, withEmpty.DegreesOfFreedom);
        Assert.Equal(2.7777777777777777, withEmpty.Statistic, 12);
    }

    [Fact]
    public void OneCategoryOrOneVariantIsUninformative()
    {
        Assert.False(CategoricalTest.Independence(new long[,] { { 10 }, { 20 } }).IsInformative);
        Assert.Equal(1, CategoricalTest.Independence(new long[,] { { 10, 3, 4 } }).PValue);
    }

    [Fact]
    public void CountsByNameFillMissingCategoriesWithZero()
    {
        var result = CategoricalTest.Independence([
            new Dictionary<string, long> { ["chrome"] = 10, ["firefox"] = 10, ["safari"] = 20 },
            new Dictionary<string, long> { ["safari"] = 20, ["chrome"] = 20, ["firefox"] = 20, ["edge"] = 0 },
        ]);

        Assert.Equal(2.7777777777777777, result.Statistic, 12);
        Assert.Equal(2, result.DegreesOfFreedom);
    }

    [Fact]
    public void TinyPValuesKeepTheirPrecision()
    {
        // χ² = 2000·(600² − 400²)²/1000⁴ = 80 on 1 df: p = erfc(√40) = 3.7440973842028806e-19, which 1 − CDF rounds to 0.
        var result = CategoricalTest.Independence(new long[,] { { 600, 400 }, { 400, 600 } });

        Assert.Equal(80, result.Statistic, 9);
        Assert.Equal(3.7440973842028806e-19, result.PValue, 1e-27);
    }

    [Fact]
    public void ShareLiftsAreProportionComparisonsPerCategory()
    {
        var control = new Dictionary<string, long> { ["a"] = 200, ["b"] = 500, ["c"] = 300 };
        var treatment = new Dictionary<string, long> { ["a"] = 300, ["b"] = 450, ["c"] = 250 };

        var lifts = CategoricalTest.ShareLifts(control, treatment, TestMethod.Fixed, ComparisonOptions.Default);
        var absolute = CategoricalTest.ShareLifts(control, treatment, TestMethod.Fixed, new ComparisonOptions(Type: DifferenceType.Absolute));

        Assert.Equal(["a", "b", "c"], lifts.Select(l => l.Category));
        Assert.Equal((0.2, 0.3), (lifts[0].ControlShare, lifts[0].TreatmentShare));
        Assert.Equal(0.5, lifts[0].Result.Lift, 12);
        Assert.Equal(0.1, absolute[0].Result.Lift, 12);
        var direct = WelchTest.Compare(ArmSample.FromSums(1_000, 200, 200), ArmSample.FromSums(1_000, 300, 300), proportion: true, ComparisonOptions.Default);
        Assert.Equal((direct.Lower, direct.Upper, direct.PValue), (lifts[0].Result.Lower, lifts[0].Result.Upper, lifts[0].Result.PValue));
        Assert.True(lifts[0].Result.Lower > 0);
        Assert.Equal(1.0, lifts.Sum(l => l.TreatmentShare), 12);
    }

    [Fact]
    public void ACategoryOnlyTheTreatmentHasIsUninformative()
    {
        var lifts = CategoricalTest.ShareLifts(
            new Dictionary<string, long> { ["a"] = 100 }, new Dictionary<string, long> { ["a"] = 90, ["new"] = 10 }, TestMethod.Sequential, ComparisonOptions.Default);

        Assert.False(lifts.Single(l => l.Category == "new").Result.IsInformative);
    }

    [Fact]
    public void ATestWhoseOnlyMetricHasStringValuesHasItsControlAndCategoryAnalysis()
    {
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> counts = new Dictionary<string, IReadOnlyDictionary<string, long>>
        {
            ["B"] = new Dictionary<string, long> { ["card"] = 160, ["paypal"] = 240 },
            ["A"] = new Dictionary<string, long> { ["card"] = 240, ["paypal"] = 160 },
        };
        var metric = new MetricInput("payment_method", null, false, null, []) { Parts = new MetricParts(null, [], counts) };
        var input = new ExperimentInput("t", null, null, [metric], TestMethod.Sequential, ComparisonOptions.Default, Correction.Holm, DateTime.UnixEpoch, DateTime.UnixEpoch.AddHours(1));

        var analysis = ExperimentAnalyzer.Analyze(input);

        Assert.Equal("A", analysis.Control);
        var categories = analysis.Metrics.Single().Categories!;
        Assert.True(categories.ChiSquare.PValue < 0.001);
        Assert.Equal(["card", "paypal"], categories.Shares.Where(s => s.Variant == "B").Select(s => s.Category));
    }
}
