using TSMetrics.Grains.Interfaces;
using TSMetrics.Grains.Storage;

namespace TSMetrics.Tests.Unit;

public sealed class JournalRowGroupTests
{
    private const long Hour = 3_600_000_000;

    [Fact]
    public void PointsAreSplitByVariantAndHourWithEveryPointKept()
    {
        var batch = new PointBatch(["A", "B"],
        [
            new(10 * Hour + 1, 1, 0, "u1"), new(10 * Hour + 2, 2, 1), new(11 * Hour, 3, 0, TagsJson: "{}"), new(10 * Hour + 5, 4, 0),
        ]);

        var groups = JournalRowGroup.Split(batch, Hour);

        Assert.Equal(3, groups.Count);
        var a10 = groups.Single(g => g.VariantIndex == 0 && g.Hour == 10);
        Assert.Equal([1.0, 4.0], a10.Values);
        Assert.Equal(new string?[] { "u1", null }, a10.UserIds!.AsEnumerable());
        Assert.Null(a10.Tags);
        Assert.Equal((10 * Hour + 1, 10 * Hour + 5), (a10.FirstMicros, a10.LastMicros));
        Assert.Equal([2.0], groups.Single(g => g.VariantIndex == 1).Values);
        Assert.Equal(new string?[] { "{}" }, groups.Single(g => g.Hour == 11).Tags!.AsEnumerable());
    }

    [Fact]
    public void ABackFillOverManyHoursKeepsEachPointInItsHour()
    {
        var points = Enumerable.Range(0, 200).Select(i => new SeriesPoint(i % 50 * Hour + i, i, i / 50 % 2)).ToArray();

        var groups = JournalRowGroup.Split(new PointBatch(["A", "B"], points), Hour);

        Assert.Equal(100, groups.Count);
        Assert.Equal(200, groups.Sum(g => g.Values.Length));
        Assert.All(groups, g => Assert.All(g.Times, t => Assert.Equal(g.Hour, (t + JournalRowGroup.PostgresEpochUnixMicros) / Hour)));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (double)i), groups.SelectMany(g => g.Values).Order());
    }
}
