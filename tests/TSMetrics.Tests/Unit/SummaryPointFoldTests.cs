using TSMetrics.Grains;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Tests.Unit;

/// <summary>Summary points (histogram data points) in the in-memory window: one merge each, bins added, units by count.</summary>
public sealed class SummaryPointFoldTests
{
    private const long Second = 1_000_000;
    private const long Minute = 60 * Second;
    private static readonly long Now = 1_800_000_000 * Second;

    [Fact]
    public void ASummaryPointFoldsAsTheMergeOfItsStatisticsAndItsBinsAddToThoseOfPlainPoints()
    {
        var window = new SeriesWindow(new SeriesWindowOptions()) { KeepsQuantiles = true };
        var summary = new PointSummary(4, 1, 9, 20, [QuantileBins.KeyOf(2), QuantileBins.KeyOf(8)], [3, 1]);
        window.Fold(new PointBatch(["A"], [new(Now, 3, 0), new(Now, 16, 0, Summary: summary), new(Now, 8, 0)]), Now);

        var bucket = window.Query(new LiveSeriesRequest(Now / Minute * Minute, Now + Second, Minute, Quantiles: [0.5]), Now).Variants.Single().Buckets.Single();

        var expected = new SummaryStats();
        expected.Add(3);
        expected.Merge(summary.StatsWith(16));
        expected.Add(8);
        Assert.Equal(expected, bucket.Stats);
        Assert.Equal((6L, 27.0, 1.0, 9.0), (bucket.Stats.Count, bucket.Stats.Sum, bucket.Stats.Min, bucket.Stats.Max));
        var (rows, seen, units) = (new List<RollupRow>(), new List<VariantSeen>(), new List<UnitRow>());
        window.CollectPending(rows, seen, units);
        var secondRow = rows.Single(r => r.Resolution == Resolution.Second);
        Assert.Equal(6, secondRow.Parts!.Bins!.Total());
        Assert.Equal(3, secondRow.Parts.Bins[QuantileBins.KeyOf(2)]);
        Assert.Equal(2, secondRow.Parts.Bins[QuantileBins.KeyOf(8)]);
    }

    [Fact]
    public void WithoutPercentilesASummaryAddsItsStatisticsOnlyAndAUsersSummaryAddsItsCountToTheUnitsPoints()
    {
        var window = new SeriesWindow(new SeriesWindowOptions());
        var summary = new PointSummary(5, 1, 4, 6, [QuantileBins.KeyOf(2)], [5]);
        window.Fold(new PointBatch(["A"], [new(Now, 10, 0, "u1", Summary: summary), new(Now, 2, 0, "u1")]), Now);

        var bucket = window.Query(new LiveSeriesRequest(Now / Minute * Minute, Now + Second, Minute), Now).Variants.Single().Buckets.Single();
        var (rows, seen, units) = (new List<RollupRow>(), new List<VariantSeen>(), new List<UnitRow>());
        window.CollectPending(rows, seen, units);

        Assert.Equal((6L, 12.0), (bucket.Stats.Count, bucket.Stats.Sum));
        Assert.All(rows, row => Assert.Null(row.Parts?.Bins));
        var unit = Assert.Single(units);
        Assert.Equal((6L, 12.0), (unit.Totals.Points, unit.Totals.Sum)); // per-user mean 12 / 6 = 2
        var totals = Assert.Single(window.UnitTotals());
        Assert.Equal((1L, 12.0, 6.0), (totals.Units, totals.SumX, totals.SumY));
    }
}
