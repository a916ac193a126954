using TSMetrics.Gateway.Api.Queries;

namespace TSMetrics.Tests.Unit;

public sealed class GranularityTests
{
    [Theory]
    [InlineData("1s", 1_000_000L)]
    [InlineData("30", 30_000_000L)]
    [InlineData("5m", 300_000_000L)]
    [InlineData("1h", 3_600_000_000L)]
    [InlineData("1d", 86_400_000_000L)]
    [InlineData("2w", 1_209_600_000_000L)]
    [InlineData("minute", 60_000_000L)]
    [InlineData("Hour", 3_600_000_000L)]
    [InlineData("day", 86_400_000_000L)]
    public void UnderstoodWidths(string text, long micros)
    {
        Assert.True(Granularity.TryParse(text, out var parsed));
        Assert.Equal(micros, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0m")]
    [InlineData("-5m")]
    [InlineData("5x")]
    [InlineData("1.5h")]
    [InlineData("m")]
    [InlineData("99999999999d")]
    public void RejectedWidths(string text) => Assert.False(Granularity.TryParse(text, out _));

    [Theory]
    [InlineData(300_000_000L, "5m")]
    [InlineData(86_400_000_000L, "1d")]
    [InlineData(90_000_000L, "90s")]
    public void FormatsTheShortestText(long micros, string text) => Assert.Equal(text, Granularity.Format(micros));
}
