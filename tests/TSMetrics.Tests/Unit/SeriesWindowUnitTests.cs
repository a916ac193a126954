using TSMetrics.Grains;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics.Sketches;

namespace TSMetrics.Tests.Unit;

public sealed class SeriesWindowUnitTests
{
    private const long Second = 1_000_000;
    private static readonly long Now = 1_800_000_000 * Second;

    [Fact]
    public void FoldKeepsEachUsersTotalsPerVariantAndTheSumsOverUsers()
    {
        var window = new SeriesWindow(new SeriesWindowOptions());
        window.Fold(new PointBatch(["A", "B"], [new(Now, 1, 0, "u1"), new(Now, 3, 0, "u1"), new(Now, 5, 0, "u2"), new(Now, 7, 1, "u3"), new(Now, 9, 0)]), Now);
        // Far older than any ring: still the same test, still counted per user.
        window.Fold(new PointBatch(["A"], [new(Now - 30L * 86_400 * Second, 2, 0, "u2")]), Now);

        var a = window.Variants.Single(v => v.Name == "A").Units;
        Assert.Equal(2, a.UnitCount);
        Assert.Equal(4, a[UnitIdHash.Of("u1")].Sum);
        Assert.Equal(2, a[UnitIdHash.Of("u1")].Points);
        Assert.Equal(7, a[UnitIdHash.Of("u2")].Sum);
        Assert.Equal(2, a.Sums.Units);
        Assert.Equal(4, a.Sums.SumY); // the point without a user id is event-level only
        Assert.Equal(4 * 4 + 7 * 7, a.Sums.SumXSquared);
        Assert.Equal(1, window.Variants.Single(v => v.Name == "B").Units.Sums.Units);
        Assert.Equal(3, window.UnitCount);
    }

    [Fact]
    public void AtTheUnitLimitNewUsersAreRefusedAndCountedWhileKnownUsersKeepCounting()
    {
        var window = new SeriesWindow(new SeriesWindowOptions { MaxUnitsPerSeries = 2 });
        window.Fold(new PointBatch(["A"], [new(Now, 1, 0, "u1"), new(Now, 1, 0, "u2"), new(Now, 1, 0, "u3"), new(Now, 1, 0, "u3"), new(Now, 1, 0, "u1")]), Now);

        var a = window.Variants.Single().Units;
        Assert.Equal(2, a.UnitCount);
        Assert.Equal(2, a[UnitIdHash.Of("u1")].Points);
        Assert.Equal(2, window.RefusedUnitPoints);
        // Event-level buckets keep every point.
        var (_, variants) = window.Query(new LiveSeriesRequest(Now - Second, Now + Second, Second), Now);
        Assert.Equal(5, variants.Single().Buckets.Sum(b => b.Stats.Count));
    }

    [Fact]
    public void AFlushWithoutUnitsLeavesThemPendingForTheNextUnitFlush()
    {
        var window = new SeriesWindow(new SeriesWindowOptions());
        window.Fold(new PointBatch(["A"], [new(Now, 2, 0, "u1"), new(Now, 3, 0, "u2")]), Now);
        List<RollupRow> rows = [];
        List<VariantSeen> seen = [];

        window.CollectPending(rows, seen, units: null);
        window.Fold(new PointBatch(["A"], [new(Now + Second, 4, 0, "u1")]), Now + Second);
        List<UnitRow> units = [];
        window.CollectPending(rows, seen, units);

        Assert.NotEmpty(rows);
        var byUnit = units.ToDictionary(u => u.UnitHash, u => (u.Totals.Points, u.Totals.Sum));
        Assert.Equal(2, byUnit.Count);
        Assert.Equal((2L, 6.0), byUnit[UnitIdHash.Of("u1")]);
        Assert.Equal((1L, 3.0), byUnit[UnitIdHash.Of("u2")]);
        List<UnitRow> next = [];
        window.CollectPending(rows, seen, next);
        Assert.Empty(next);
    }

    [Fact]
    public void FoldingUnitsOnlyAddsToTheUnitTotalsAndTheirPendingRowsButNotToTheBuckets()
    {
        var window = new SeriesWindow(new SeriesWindowOptions()) { UnitStartMicros = Now - Second };
        window.FoldUnits(new PointBatch(["A", "B"],
            [new(Now, 2, 0, "u1"), new(Now, 5, 1, "u2"), new(Now, 7, 0), new(Now - 2 * Second, 9, 0, "u1"), new(Now, 0, 0, "u1", Category: "red")]));

        var (_, variants) = window.Query(new LiveSeriesRequest(Now - 5 * Second, Now + Second, Second), Now);
        Assert.All(variants, v => Assert.Equal(0, v.Buckets.Sum(b => b.Stats.Count)));
        var a = window.Variants.Single(v => v.Name == "A").Units;
        // Before the test's start, without a user id and string values: not unit-level points.
        Assert.Equal((1L, 2.0), (a[UnitIdHash.Of("u1")].Points, a[UnitIdHash.Of("u1")].Sum));
        Assert.Equal(2, window.UnitCount);
        List<UnitRow> units = [];
        window.CollectPending([], [], units);
        Assert.Equal(2, units.Count);
    }

    [Fact]
    public void AUnitFlushStoresWholeTheTouchedPartsOnlyWithEveryUnitOfThemAsMemoryHoldsIt()
    {
        var window = new SeriesWindow(new SeriesWindowOptions());
        var users = Enumerable.Range(0, 5_000).Select(i => $"u{i}").ToArray();
        window.Fold(new PointBatch(["A"], users.Select(u => new SeriesPoint(Now, 2, 0, u)).ToArray()), Now);
        window.CollectPending([], [], []);

        // One more point of one user: its part is rewritten whole, with every unit in it.
        window.Fold(new PointBatch(["A"], [new(Now, 5, 0, "u7")]), Now);
        List<UnitRow> changed = [];
        window.CollectPending([], [], changed);
        var parts = window.UnitParts(changed);

        var part = Assert.Single(parts);
        Assert.Equal(UnitPart.Of(UnitIdHash.Of("u7")), part.Part);
        var expected = users.Where(u => UnitPart.Of(UnitIdHash.Of(u)) == part.Part).Select(u => unchecked((long)UnitIdHash.Of(u))).Order();
        Assert.Equal(expected, part.UnitHashes.Order());
        var at = Array.IndexOf(part.UnitHashes, unchecked((long)UnitIdHash.Of("u7")));
        Assert.Equal((2L, 7.0), (part.Points[at], part.Sums[at]));
    }

    [Fact]
    public void SplittingUnitsGroupsThemByVariantAndPartAndKeepsEveryOne()
    {
        var units = Enumerable.Range(0, 3_000).Select(i => (i % 2, UnitIdHash.Of($"u{i}"), (long)i, i * 0.5)).ToList();

        var parts = UnitPart.Split([.. units]);

        Assert.Equal(units.Count, parts.Sum(p => p.UnitHashes.Length));
        Assert.Equal(parts.Count, parts.Select(p => (p.VariantIndex, p.Part)).Distinct().Count());
        foreach (var part in parts)
            for (var i = 0; i < part.UnitHashes.Length; i++)
            {
                var hash = unchecked((ulong)part.UnitHashes[i]);
                Assert.Equal(part.Part, UnitPart.Of(hash));
                Assert.Contains((part.VariantIndex, hash, part.Points[i], part.Sums[i]), units);
            }
    }
}
