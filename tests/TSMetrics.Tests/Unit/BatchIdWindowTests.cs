using TSMetrics.Grains;

namespace TSMetrics.Tests.Unit;

public sealed class BatchIdWindowTests
{
    private const long Second = 1_000_000;

    [Fact]
    public void IdsAreRememberedForTheWindowAndForgottenAfter()
    {
        var window = new BatchIdWindow(60 * Second);
        window.Add("a", 0, 0);
        window.Add("b", 30 * Second, 30 * Second);

        Assert.True(window.Contains("a"));
        window.Add("c", 61 * Second, 61 * Second);

        Assert.False(window.Contains("a"));
        Assert.True(window.Contains("b"));
        Assert.Equal(2, window.Count);
    }

    [Fact]
    public void AddingAnIdTwiceKeepsOneEntry()
    {
        var window = new BatchIdWindow(60 * Second);
        window.Add("a", 0, 0);
        window.Add("a", 1, 1);

        Assert.Equal(1, window.Count);
    }

    [Fact]
    public void IdsThatDifferInOneCharacterOrOnlyInLengthAreKeptApart()
    {
        var window = new BatchIdWindow(60 * Second);
        var ids = Enumerable.Range(0, 10_000).Select(i => Guid.NewGuid().ToString("N")).ToList();
        foreach (var id in ids) window.Add(id, 0, 0);
        window.Add("x", 0, 0);
        window.Add(new string('é', 300), 0, 0);

        Assert.Equal(10_002, window.Count);
        Assert.All(ids, id => Assert.True(window.Contains(id)));
        Assert.All(ids, id => Assert.False(window.Contains(id[..^1] + (id[^1] == '0' ? '1' : '0'))));
        Assert.False(window.Contains("xx"));
        Assert.True(window.Contains(new string('é', 300)));
        Assert.False(window.Contains(new string('é', 299)));
    }

    [Fact]
    public void TheEstimateCountsEveryIdAndTheSlackOfTheirDoubling()
    {
        var window = new BatchIdWindow(60 * Second);
        var empty = window.EstimatedBytes;
        for (var i = 0; i < 1_000; i++) window.Add($"id-{i}", 0, 0);

        // At least 60 bytes an id (set entry, bucket and queue entry), at most twice that with the doubling's slack.
        Assert.InRange(window.EstimatedBytes - empty, 60 * 1_000, 2 * 60 * 1_000 + 4_096);
    }
}
