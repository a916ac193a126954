using Microsoft.Extensions.Logging;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Alerts;

// Silence shows in no snapshot (a silent test publishes none), so a timer looks for it.
public sealed partial class AlertGrain
{
    private void ScheduleSilenceChecks()
    {
        _silenceTimer?.Dispose();
        _silenceTimer = null;
        var rules = SilenceRules().ToList();
        if (rules.Count == 0) return;
        var period = rules.Min(rule => DefaultAlertRules.SilenceOf(rule)) / 4;
        period = period < MinCheckPeriod ? MinCheckPeriod : period > MaxCheckPeriod ? MaxCheckPeriod : period;
        // KeepAlive: an idle grain would otherwise be collected before the silence it waits for.
        _silenceTimer = this.RegisterGrainTimer(CheckSilenceAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
    }

    private IEnumerable<AlertRule> SilenceRules() => _rules.Where(rule => rule.Enabled && rule.Type == AlertRuleType.NoPoints);

    private async Task CheckSilenceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await GrainFactory.GetGrain<ITestGrain>(Test).GetSnapshotAsync(cancellationToken);
            var recent = new Dictionary<string, WindowTotals[]>(StringComparer.Ordinal);
            foreach (var rule in SilenceRules())
            {
                var from = snapshot.WindowToMicros - UnixTime.ToMicros(DefaultAlertRules.SilenceOf(rule));
                recent[rule.Id] = await Task.WhenAll(snapshot.Metrics
                    .Where(metric => rule.Metric is null || rule.Metric == metric.Metric)
                    .Select(metric => GrainFactory.GetGrain<ISeriesGrain>(new SeriesKey(Test, metric.Metric).ToGrainKey())
                        .GetWindowAsync(from, snapshot.WindowToMicros, cancellationToken)));
            }

            if (_latest is null || snapshot.WindowToMicros > _latest.WindowToMicros) _latest = snapshot;
            await EvaluateAsync(snapshot, recent);
            if (NothingLeftToWatch(snapshot)) DeactivateOnIdle();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogCheckFailed(logger, exception, Test);
        }
    }

    // Every watched metric is already raised as silent (or none had points): new points arrive with a
    // snapshot, which activates the grain again, so it need not keep itself and the test's series alive.
    private bool NothingLeftToWatch(TestSnapshot snapshot) =>
        SilenceRules().All(rule => snapshot.Metrics
            .Where(metric => rule.Metric is null || rule.Metric == metric.Metric)
            .Where(metric => metric.Variants.Any(v => v.Stats.Count > 0))
            .All(metric => _book.IsRaised(rule.Id, metric.Metric)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking test {Test} for silence failed; the next check tries again")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, string test);
}
