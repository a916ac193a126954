using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics;

namespace TSMetrics.Grains.Alerts;

/// <summary>
/// One test's alerts. The test grain hands it every snapshot it publishes (one-way, at most 4/s); a timer
/// asks for silence, which no snapshot can show. Each change of state is stored together with its
/// deliveries, then handed to the silo's <see cref="WebhookDispatcher"/>, so nothing here waits on a receiver.
/// </summary>
/// <remarks>
/// Not reentrant: snapshots, the timer and API calls take turns, so the rules, the book and the hooks never
/// change under an evaluation. Evaluation is a few microseconds of arithmetic plus, on a change only, one
/// database transaction.
/// </remarks>
public sealed partial class AlertGrain(
    AlertStore alerts,
    AlertChangeWriter changeWriter,
    WebhookStore webhooks,
    WebhookDispatcher dispatcher,
    IOptions<WebhookOptions> options,
    ILogger<AlertGrain> logger) : Grain, IAlertGrain
{
    private static readonly TimeSpan MinCheckPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxCheckPeriod = TimeSpan.FromSeconds(30);
    private Dictionary<string, AlertRule> _stored = [];
    private AlertRule[] _rules = [];
    private AlertBook _book = new([]);
    private List<Webhook> _hooks = [];
    private TestSnapshot? _latest;
    private IGrainTimer? _silenceTimer;

    private string Test => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stored = await alerts.LoadRulesAsync(Test, cancellationToken);
        _rules = DefaultAlertRules.Effective(_stored);
        _book = new AlertBook(await alerts.LoadStatesAsync(Test, cancellationToken));
        _hooks = await webhooks.LoadHooksAsync(Test, cancellationToken);
        // Deliveries a previous activation (maybe on a silo that died) did not finish.
        foreach (var pending in await webhooks.LoadPendingAsync(Test, _hooks, cancellationToken)) dispatcher.Enqueue(pending);
        ScheduleSilenceChecks();
    }

    public async Task EvaluateAsync(TestSnapshot snapshot)
    {
        // Snapshot time orders snapshots (versions restart when the test grain moves).
        if (_latest is not null && snapshot.WindowToMicros <= _latest.WindowToMicros) return;
        _latest = snapshot;
        await EvaluateAsync(snapshot, null);
    }

    public Task WakeAsync() => Task.CompletedTask;

    public Task<AlertOverview> GetOverviewAsync(CancellationToken cancellationToken = default)
    {
        var ids = _rules.Select(rule => rule.Id).ToHashSet(StringComparer.Ordinal);
        var states = _book.States.Where(s => ids.Contains(s.RuleId)).OrderByDescending(s => s.ChangedAt).ThenBy(s => s.RuleId, StringComparer.Ordinal).ToArray();
        return Task.FromResult(new AlertOverview(Test, _rules, states));
    }

    public async Task PutRuleAsync(AlertRule rule, CancellationToken cancellationToken = default)
    {
        await alerts.SaveRuleAsync(Test, rule, cancellationToken);
        _stored[rule.Id] = rule with { IsDefault = false };
        await RulesChangedAsync();
    }

    public async Task<bool> DeleteRuleAsync(string ruleId, CancellationToken cancellationToken = default)
    {
        if (!_stored.Remove(ruleId)) return DefaultAlertRules.IsDefaultId(ruleId);
        await alerts.DeleteRuleAsync(Test, ruleId, cancellationToken);
        await RulesChangedAsync();
        return true;
    }

    public async Task<WebhookCreation> AddHookAsync(string url, CancellationToken cancellationToken = default)
    {
        if (WebhookTargets.Check(url, options.Value.AllowedHosts) is { } refused) return new WebhookCreation(null, null, refused);
        var hook = await webhooks.AddHookAsync(Test, url, WebhookSigner.NewSecret(), cancellationToken);
        _hooks.Add(hook);
        LogHookAdded(logger, Test, hook.Id, new Uri(hook.Url).Host);
        return new WebhookCreation(hook.ToInfo(), hook.Secret, null);
    }

    public Task<WebhookInfo[]> GetHooksAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_hooks.Select(hook => hook.ToInfo()).ToArray());

    public async Task<bool> DeleteHookAsync(long hookId, CancellationToken cancellationToken = default)
    {
        if (_hooks.RemoveAll(hook => hook.Id == hookId) == 0) return false;
        await webhooks.DeleteHookAsync(Test, hookId, cancellationToken);
        return true;
    }

    public async Task<WebhookAttempt[]?> GetDeliveriesAsync(long hookId, int limit, CancellationToken cancellationToken = default) =>
        _hooks.Any(hook => hook.Id == hookId) ? await webhooks.ReadAttemptsAsync(hookId, limit, cancellationToken) : null;

    private async Task RulesChangedAsync()
    {
        _rules = DefaultAlertRules.Effective(_stored);
        ScheduleSilenceChecks();
        if (_latest is not null) await EvaluateAsync(_latest, null);
    }

    /// <param name="recent">Per silence rule, each metric's totals over the rule's silence; null when not checked now.</param>
    private async Task EvaluateAsync(TestSnapshot snapshot, Dictionary<string, WindowTotals[]>? recent)
    {
        var now = UnixTime.FromMicros(snapshot.WindowToMicros);
        var analyses = new Dictionary<double, ExperimentAnalysis>();
        var changes = new List<AlertChange>();
        foreach (var rule in _rules)
        {
            if (!rule.Enabled) continue;
            IEnumerable<AlertCondition> conditions;
            if (rule.Type == AlertRuleType.NoPoints)
            {
                if (recent is null || !recent.TryGetValue(rule.Id, out var totals)) continue;
                conditions = AlertEvaluator.Silence(rule, snapshot.Metrics, totals);
            }
            else
            {
                if (snapshot.Metrics.Length == 0) continue;
                var alpha = rule.Type is AlertRuleType.SampleRatioMismatch or AlertRuleType.CrossedUsers ? DefaultAlertRules.Alpha : DefaultAlertRules.ThresholdOf(rule);
                if (!analyses.TryGetValue(alpha, out var analysis)) analyses[alpha] = analysis = Analyze(snapshot, alpha);
                conditions = AlertEvaluator.Evaluate(rule, analysis);
            }

            changes.AddRange(_book.Diff(rule, conditions, now));
        }

        if (changes.Count > 0) await RecordAsync(changes, now);
    }

    private async Task RecordAsync(List<AlertChange> changes, DateTime now)
    {
        var deliveries = new List<PendingDelivery>(changes.Count * _hooks.Count);
        foreach (var change in changes)
        {
            var body = WebhookPayload.Build(Test, change, options.Value.PublicBaseUrl);
            foreach (var hook in _hooks) deliveries.Add(new PendingDelivery(hook, change.EventId, body, 0, now));
        }

        try
        {
            await changeWriter.RecordChangesAsync(Test, changes, deliveries, CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogRecordFailed(logger, exception, Test, changes.Count); // not applied: the next evaluation finds the same changes
            return;
        }

        _book.Commit(changes);
        foreach (var change in changes)
            LogChanged(logger, Test, change.Status.RuleId, change.Status.Subject, change.Status.Raised ? "raised" : "resolved", change.EventId);
        foreach (var delivery in deliveries) dispatcher.Enqueue(delivery);
    }

    private static ExperimentAnalysis Analyze(TestSnapshot snapshot, double alpha) => ExperimentAnalyzer.Analyze(ExperimentInputs.From(
        snapshot.Test, snapshot.Definition, snapshot.Metrics, snapshot.WindowFromMicros, snapshot.WindowToMicros, null,
        TestMethod.Sequential, ComparisonOptions.Default with { Alpha = alpha }, Correction.Holm));

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {RuleId} of test {Test} on '{Subject}' {State} (event {EventId})")]
    private static partial void LogChanged(ILogger logger, string test, string ruleId, string subject, string state, Guid eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing {Count} alert changes of test {Test} failed; the next evaluation tries again")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string test, int count);

    // The host only: some receivers put a token in the URL's path.
    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {HookId} added to test {Test}, posting to host {Host}")]
    private static partial void LogHookAdded(ILogger logger, string test, long hookId, string host);
}
