using TSMetrics.Grains.Alerts;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Tests.Unit;

public sealed class AlertBookTests
{
    private static readonly AlertRule Rule = new("r", AlertRuleType.Verdict);
    private static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void AConditionIsAChangeOnlyWhenItFlipsTheState()
    {
        var book = new AlertBook([]);
        Assert.Empty(book.Diff(Rule, [Condition(false)], Now)); // never raised: nothing to say

        var raised = book.Diff(Rule, [Condition(true)], Now);
        Assert.Single(raised);
        book.Commit(raised);
        Assert.Empty(book.Diff(Rule, [Condition(true, lift: 0.3)], Now.AddSeconds(1))); // still raised: no event
        Assert.Equal(0.3, book.States.Single().Figures["lift"]); // but the latest figures are kept
        Assert.Equal(Now, book.States.Single().ChangedAt);

        var resolved = book.Diff(Rule, [Condition(false)], Now.AddSeconds(2));
        Assert.False(Assert.Single(resolved).Status.Raised);
        Assert.NotEqual(raised[0].EventId, resolved[0].EventId);
    }

    [Fact]
    public void AChangeNotCommittedIsFoundAgainByTheNextEvaluation()
    {
        var book = new AlertBook([]);
        var first = book.Diff(Rule, [Condition(true)], Now); // its write failed, so it is not committed
        var again = book.Diff(Rule, [Condition(true)], Now.AddSeconds(1));
        Assert.Single(first);
        Assert.Single(again);
        Assert.False(book.IsRaised("r", "m/B"));
    }

    [Fact]
    public void StoredStatesAreTheStartingPoint()
    {
        var book = new AlertBook([new AlertStatus("r", "m", "B", true, Now, "stored", new Dictionary<string, double>())]);
        Assert.True(book.IsRaised("r", "m/B"));
        Assert.Empty(book.Diff(Rule, [Condition(true)], Now.AddMinutes(1))); // a restart does not fire it again
    }

    private static AlertCondition Condition(bool raised, double lift = 0.2) =>
        new("r", "m", "B", raised, raised ? "worse" : "fine", new Dictionary<string, double> { ["lift"] = lift });
}
