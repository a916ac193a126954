using Orleans.Concurrency;

namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// One grain per A/B test, keyed by the test name: evaluates the test's alert rules on its live snapshots
/// and on a timer, keeps their state, and hands every change of state to the test's webhooks.
/// </summary>
[Alias("TSMetrics.IAlertGrain")]
public interface IAlertGrain : IGrainWithStringKey
{
    /// <summary>The test grain published a snapshot: evaluate the rules against it. One-way, so the test grain never waits.</summary>
    [OneWay, Alias("EvaluateAsync")]
    Task EvaluateAsync(TestSnapshot snapshot);

    /// <summary>Activates the grain (after a silo start), so its timer watches for silence and its pending deliveries resume.</summary>
    [Alias("WakeAsync")]
    Task WakeAsync();

    /// <summary>The rules and the state of what they watch.</summary>
    [Alias("GetOverviewAsync")]
    Task<AlertOverview> GetOverviewAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces a rule (a default rule's id changes the default).</summary>
    [Alias("PutRuleAsync")]
    Task PutRuleAsync(AlertRule rule, CancellationToken cancellationToken = default);

    /// <summary>Removes a rule; a default rule returns to its default. False when there was no such rule.</summary>
    [Alias("DeleteRuleAsync")]
    Task<bool> DeleteRuleAsync(string ruleId, CancellationToken cancellationToken = default);

    /// <summary>Adds a webhook if its URL's host is allowed; the answer holds the secret, once.</summary>
    [Alias("AddHookAsync")]
    Task<WebhookCreation> AddHookAsync(string url, CancellationToken cancellationToken = default);

    /// <summary>The test's webhooks, without secrets.</summary>
    [Alias("GetHooksAsync")]
    Task<WebhookInfo[]> GetHooksAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes a webhook and its log. False when there was no such hook.</summary>
    [Alias("DeleteHookAsync")]
    Task<bool> DeleteHookAsync(long hookId, CancellationToken cancellationToken = default);

    /// <summary>A hook's delivery log, newest first; null when the test has no such hook.</summary>
    [Alias("GetDeliveriesAsync")]
    Task<WebhookAttempt[]?> GetDeliveriesAsync(long hookId, int limit, CancellationToken cancellationToken = default);
}
