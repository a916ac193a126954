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
}
