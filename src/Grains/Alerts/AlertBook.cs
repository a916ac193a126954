using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Alerts;

/// <summary>
/// The state of everything a test's rules watch, and the one place that decides what is a change: a
/// condition only becomes an event when it flips the stored state (raised, resolved), never per evaluation.
/// Changes are applied only once they are stored, so a failed write is found again by the next evaluation.
/// </summary>
public sealed class AlertBook
{
    private readonly Dictionary<(string RuleId, string Subject), AlertStatus> _states = [];

    public AlertBook(IEnumerable<AlertStatus> stored)
    {
        foreach (var status in stored) _states[(status.RuleId, status.Subject)] = status;
    }

    public IEnumerable<AlertStatus> States => _states.Values;

    public bool IsRaised(string ruleId, string subject) => _states.TryGetValue((ruleId, subject), out var status) && status.Raised;

    /// <summary>The changes these conditions make; unchanged states only get the latest figures (in memory).</summary>
    public List<AlertChange> Diff(AlertRule rule, IEnumerable<AlertCondition> conditions, DateTime now)
    {
        var changes = new List<AlertChange>();
        foreach (var condition in conditions)
        {
            var key = (rule.Id, condition.Subject);
            var known = _states.TryGetValue(key, out var current);
            if ((known ? current!.Raised : false) == condition.Raised)
            {
                if (known) _states[key] = current! with { Figures = condition.Figures, Message = condition.Message };
                continue;
            }

            changes.Add(new AlertChange(
                new AlertStatus(rule.Id, condition.Metric, condition.Variant, condition.Raised, now, condition.Message, condition.Figures),
                Guid.CreateVersion7(now), rule));
        }

        return changes;
    }

    public void Commit(IEnumerable<AlertChange> changes)
    {
        foreach (var change in changes) _states[(change.Status.RuleId, change.Status.Subject)] = change.Status;
    }
}
