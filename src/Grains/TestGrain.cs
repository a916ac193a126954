using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Streams;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Grains.Storage;

namespace TSMetrics.Grains;

/// <summary>
/// One A/B test: owns its definition and publishes live snapshots. Series grains tell it, one-way, that
/// they changed; it coalesces those notices into at most one snapshot per push interval, gathered from
/// every series of the test and published once on the test's stream, however many clients listen.
/// </summary>
/// <remarks>Not reentrant: notices queue while a snapshot is gathered, which keeps the state simple.</remarks>
public sealed partial class TestGrain(
    CatalogStore catalog,
    IOptions<LiveViewOptions> options,
    IOptions<StorageOptions> storageOptions,
    IOptions<SeriesWindowOptions> windowOptions,
    TimeProvider time,
    ILogger<TestGrain> logger) : Grain, ITestGrain
{
    private readonly HashSet<string> _metrics = new(StringComparer.Ordinal);
    private readonly List<LivePoint> _points = [];
    private TestDefinition _definition = new();
    private TestSnapshot? _latest;
    private IGrainTimer? _publishTimer;
    private long _version;
    private long _pointsWantedUntil;

    private string Key => this.GetPrimaryKeyString();

    // Plain metrics are stored under the test "" and pushed under their own key.
    private string Test => Key == SeriesKey.PlainMetricsTestKey ? "" : Key;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_definition, _) = await catalog.LoadTestAsync(Test, cancellationToken);
        _metrics.UnionWith(await catalog.LoadMetricNamesAsync(Test, cancellationToken));
    }

    public async Task<string?> DefineAsync(TestDefinition definition, CancellationToken cancellationToken = default)
    {
        // Storage keeps microseconds: a finer start would read back as another one.
        if (definition.Start is { } given) definition = definition with { Start = UnixTime.FromMicros(UnixTime.ToMicros(given)) };
        var startChanged = definition.Start != _definition.Start;
        if (startChanged)
        {
            var (_, firstSeen) = await catalog.LoadTestAsync(Test, cancellationToken);
            var rule = new TestStartRule(storageOptions.Value.RawRetention, windowOptions.Value.MaxFutureSkew);
            if (rule.Check(definition.Start, firstSeen, time.GetUtcNow().UtcDateTime) is { } problem) return problem;
        }

        await catalog.SaveTestAsync(Test, definition, cancellationToken);
        _definition = definition;
        SchedulePublish();
        // Stored first: a series activating meanwhile reads the new start, one this call misses rebuilds when it next activates.
        if (startChanged)
        {
            long? start = definition.Start is { } startTime ? UnixTime.ToMicros(startTime) : null;
            await Task.WhenAll(_metrics.ToArray().Select(metric => SeriesGrain(metric).SetUnitStartAsync(start, cancellationToken)));
        }

        return null;
    }

    public Task<TestDefinition> GetDefinitionAsync(CancellationToken cancellationToken = default) => Task.FromResult(_definition);

    public Task SeriesChangedAsync(string metric, LivePoint[]? points)
    {
        RegisterMetricAsync(metric).Ignore();
        if (points is not null && _points.Count < options.Value.MaxPointsPerSnapshot)
            _points.AddRange(points.AsSpan(0, Math.Min(points.Length, options.Value.MaxPointsPerSnapshot - _points.Count)));
        SchedulePublish();
        return Task.CompletedTask;
    }

    public Task RegisterMetricAsync(string metric)
    {
        if (_metrics.Add(metric) && _pointsWantedUntil > NowMicros())
            SeriesGrain(metric).SendPointsUntilAsync(_pointsWantedUntil).Ignore();
        return Task.CompletedTask;
    }

    public Task<string[]> GetMetricsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_metrics.Order(StringComparer.Ordinal).ToArray());

    // A fresh snapshot unless one was just made: an idle test's last snapshot describes an old window.
    public async Task<TestSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default) =>
        _latest is { } latest && NowMicros() - latest.WindowToMicros < options.Value.PushInterval.Ticks / 10
            ? latest
            : await GatherAsync([]);

    public Task RequestPointsAsync(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        _pointsWantedUntil = NowMicros() + duration.Ticks / 10;
        foreach (var metric in _metrics) SeriesGrain(metric).SendPointsUntilAsync(_pointsWantedUntil).Ignore();
        return Task.CompletedTask;
    }

    // One timer at a time: notices that arrive before it fires ride along in the same snapshot.
    private void SchedulePublish()
    {
        if (_publishTimer is not null) return;
        _publishTimer = this.RegisterGrainTimer(PublishAsync, new GrainTimerCreationOptions(options.Value.PushInterval, Timeout.InfiniteTimeSpan));
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        _publishTimer?.Dispose();
        _publishTimer = null;
        var points = _points.ToArray();
        _points.Clear();
        try
        {
            var snapshot = await GatherAsync(points);
            // Alerts are evaluated where the numbers change; one-way, so publishing never waits for them.
            if (Key != SeriesKey.PlainMetricsTestKey) GrainFactory.GetGrain<IAlertGrain>(Key).EvaluateAsync(snapshot).Ignore();
            await this.GetStreamProvider(StreamNames.Provider)
                .GetStream<TestSnapshot>(StreamId.Create(StreamNames.TestSnapshots, Key))
                .OnNextAsync(snapshot);
        }
        catch (Exception exception)
        {
            LogPublishFailed(logger, exception, Key);
        }
    }

    private async Task<TestSnapshot> GatherAsync(LivePoint[] points)
    {
        var to = NowMicros();
        var from = to - options.Value.Window.Ticks / 10;
        var calls = new List<Task<WindowTotals>>(_metrics.Count);
        foreach (var metric in _metrics) calls.Add(SeriesGrain(metric).GetWindowAsync(from, to));
        var metrics = await Task.WhenAll(calls);
        // Memory covers the window from a whole bucket on; the snapshot reports where it actually starts.
        // Its end stays the time of gathering: live sessions order snapshots by it.
        foreach (var metric in metrics)
            if (metric.CoveredFromMicros < metric.CoveredToMicros) from = Math.Max(from, metric.CoveredFromMicros);

        _latest = new TestSnapshot(Test, ++_version, _definition, from, to, metrics, points);
        return _latest;
    }

    private ISeriesGrain SeriesGrain(string metric) => GrainFactory.GetGrain<ISeriesGrain>(new SeriesKey(Test, metric).ToGrainKey());

    private long NowMicros() => UnixTime.ToMicros(time.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing a snapshot of test {Test} failed; the next change publishes again")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string test);
}
