using TSMetrics.Grains;

namespace TSMetrics.Tests.Unit;

/// <summary>Which starts a test may be given: only ones whose points the journal still holds.</summary>
public sealed class TestStartRuleTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly TestStartRule _rule = new(TimeSpan.FromDays(7), TimeSpan.FromMinutes(6));

    [Fact]
    public void AStartInsideTheRawRetentionLessTheSkewIsAllowedAndOneBeforeItIsRefusedWithTheReason()
    {
        Assert.Null(_rule.Check(Now.AddDays(-7).AddMinutes(6), null, Now));
        var problem = _rule.Check(Now.AddDays(-7).AddMinutes(5), null, Now);
        Assert.NotNull(problem);
        Assert.Contains("rebuilt from raw points", problem);
        Assert.Contains("RawRetention", problem);
    }

    [Fact]
    public void ClearingIsAllowedWhileTheFirstPointsAreKeptOrThereAreNone()
    {
        Assert.Null(_rule.Check(null, Now.AddDays(-1), Now));
        Assert.Null(_rule.Check(null, null, Now));
        Assert.StartsWith("cannot be cleared", _rule.Check(null, Now.AddDays(-8), Now));
    }
}
