using TSMetrics.Grains;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics.Sketches;

namespace TSMetrics.Tests.Unit;

/// <summary>Quantile bins and categories in the in-memory window: exact under merging, bounded, kept across a failed flush, free on the hot path.</summary>
public sealed class SeriesWindowPartsTests
{
    private const long Second = 1_000_000;
    private const long Minute = 60 * Second;
    private static readonly long Now = 1_800_000_000 * Second;

    [Fact]
    public void AMinuteOfSecondBucketsAnswersTheQuantilesOfASketchOfAllItsValues()
    {
        var window = new SeriesWindow(new SeriesWindowOptions()) { KeepsQuantiles = true };
        var start = Now / Minute * Minute - Minute;
        var rng = new Random(3);
        var values = Enumerable.Range(0, 600).Select(_ => Math.Exp(3 + rng.NextDouble() * 3)).ToArray();
        window.Fold(new PointBatch(["A"], values.Select((v, i) => new SeriesPoint(start + i % 60 * Second, v, 0)).ToArray()), Now);
        var levels = new[] { 0.5, 0.9, 0.99 };

        var minute = window.Query(new LiveSeriesRequest(start, start + Minute, Minute, Quantiles: levels), Now).Variants.Single().Buckets.Single();
        var seconds = window.Query(new LiveSeriesRequest(start, start + Minute, Second, Quantiles: levels), Now).Variants.Single().Buckets;

        var sketch = new QuantileSketch();
        foreach (var value in values) sketch.Add(value);
        Assert.Equal(levels.Select(sketch.Quantile), minute.Quantiles!);
        Assert.Equal(60, seconds.Length);
        Assert.All(seconds, b => Assert.Equal(3, b.Quantiles!.Length));
    }

    [Fact]
    public void StringValuesAreCountedPerCategoryAndBeyondTheBoundAsOther()
    {
        var window = new SeriesWindow(new SeriesWindowOptions { MaxCategoriesPerSeries = 2 });
        var points = new[] { "paypal", "card", "paypal", "klarna", "cash" }.Select(c => new SeriesPoint(Now, 0, 0, Category: c)).ToArray();
        window.Fold(new PointBatch(["A"], points), Now);

        var bucket = window.Query(new LiveSeriesRequest(Now / Minute * Minute, Now + Second, Minute), Now).Variants.Single().Buckets.Single();

        Assert.Equal(0, bucket.Stats.Count); // strings are not numbers
        Assert.Equal(new[] { ("paypal", 2L), ("card", 1L), (CategoryCount.Other, 2L) }, bucket.Categories!.Select(c => (c.Category, c.Count)));
    }

    [Fact]
    public void AFailedFlushPutsBinsAndCategoriesBackForTheNextOne()
    {
        var window = new SeriesWindow(new SeriesWindowOptions()) { KeepsQuantiles = true };
        window.Fold(new PointBatch(["A"], [new(Now, 12.5, 0), new(Now, 80, 0), new(Now, 0, 0, Category: "x")]), Now);
        var (rows, seen, units) = (new List<RollupRow>(), new List<VariantSeen>(), new List<UnitRow>());
        window.CollectPending(rows, seen, units);
        var first = Describe(rows);

        window.RestorePending(rows, seen, units);
        var (again, seenAgain, unitsAgain) = (new List<RollupRow>(), new List<VariantSeen>(), new List<UnitRow>());
        window.CollectPending(again, seenAgain, unitsAgain);

        Assert.Equal(first, Describe(again));
        Assert.All(again, row => Assert.Equal(2, row.Parts!.Bins!.Total()));
        Assert.All(again, row => Assert.Equal(1, row.Parts!.Categories!.Total()));
    }

    [Fact]
    public void FoldingIntoTouchedBucketsOfAPercentileSeriesAllocatesNothing()
    {
        var window = new SeriesWindow(new SeriesWindowOptions()) { KeepsQuantiles = true };
        var batch = new PointBatch(["A", "B"], Enumerable.Range(0, 200).Select(i => new SeriesPoint(Now - i % 10 * Second, 10 + i % 37, i % 2)).ToArray());
        window.Fold(batch, Now);
        window.Fold(batch, Now);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++) window.Fold(batch, Now);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string[] Describe(List<RollupRow> rows) =>
        rows.Select(r => $"{r.Resolution}/{r.VariantIndex}/{r.BucketIndex}/{r.Stats.Count}/{r.Parts?.Bins?.Length}/{r.Parts?.Categories?.Length}").Order().ToArray();
}
