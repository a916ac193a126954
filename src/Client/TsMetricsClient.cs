using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TSMetrics.Client;

/// <summary>
/// Buffers tracked points (bounded) and sends them from one background loop: as soon as
/// <see cref="TsMetricsClientOptions.BatchSize"/> points wait, and every <see cref="TsMetricsClientOptions.FlushInterval"/>
/// whatever waits. One request per series, each with its own idempotency key, sent until acknowledged.
/// </summary>
public sealed partial class TsMetricsClient : ITsMetricsClient
{
    /// <summary>The name of the <see cref="HttpClient"/> this client asks <see cref="IHttpClientFactory"/> for.</summary>
    public const string HttpClientName = "TSMetrics.Client";

    private readonly Channel<BufferedPoint> _buffer;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentQueue<TaskCompletionSource> _flushRequests = new();
    private readonly CancellationTokenSource _stop;
    private readonly TsMetricsClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IngestSender _sender;
    private readonly Meter? _meter;
    private readonly Task _loop;
    private long _pending;
    private long _droppedReported;
    private int _disposed;

    /// <summary>Starts the background loop; normally made by <c>AddTsMetricsClient</c>.</summary>
    public TsMetricsClient(
        IHttpClientFactory httpClients, IOptions<TsMetricsClientOptions> options, ILogger<TsMetricsClient> logger,
        TimeProvider? time = null, IMeterFactory? meters = null)
    {
        ArgumentNullException.ThrowIfNull(httpClients);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time ?? TimeProvider.System;
        _logger = logger;
        _stop = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        _buffer = Channel.CreateBounded<BufferedPoint>(new BoundedChannelOptions(_options.BufferCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then returns false: the drop is ours to count
            SingleReader = true,
        });
        _sender = new IngestSender(httpClients, _options, Counters, _time, logger);
        _meter = meters is null ? null : CreateMeter(meters);
        _loop = Task.Run(RunAsync);
    }

    /// <inheritdoc />
    public TsMetricsClientCounters Counters { get; } = new();

    /// <inheritdoc />
    public bool Track(in ExperimentPoint point)
    {
        CheckName(point.Test, nameof(point.Test));
        CheckName(point.Variant, nameof(point.Variant));
        CheckName(point.Metric, nameof(point.Metric));
        return Enqueue(new BufferedPoint(point.Test, point.Variant, point.Metric, CheckValue(point.Value), point.UserId, point.Timestamp ?? _time.GetUtcNow()));
    }

    /// <inheritdoc />
    public bool Track(in MetricPoint point)
    {
        CheckName(point.Metric, nameof(point.Metric));
        return Enqueue(new BufferedPoint("", "", point.Metric, CheckValue(point.Value), null, point.Timestamp ?? _time.GetUtcNow()));
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _disposed) == 1) return;
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _flushRequests.Enqueue(flushed);
        _wake.Writer.TryWrite(true);
        await flushed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Sends what is buffered (for at most <see cref="TsMetricsClientOptions.ShutdownTimeout"/>), then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _buffer.Writer.TryComplete();
        _wake.Writer.TryWrite(true);
        _stop.CancelAfter(_options.ShutdownTimeout);
        await _loop;
        var left = 0;
        while (_buffer.Reader.TryRead(out _)) left++;
        if (left > 0)
        {
            Counters.AddFailed(left);
            LogShutdownLeft(_logger, left, _options.ShutdownTimeout.TotalSeconds);
        }

        while (_flushRequests.TryDequeue(out var flush)) flush.TrySetResult();
        _stop.Dispose();
        _meter?.Dispose();
    }

    private bool Enqueue(in BufferedPoint point)
    {
        if (!_buffer.Writer.TryWrite(point))
        {
            Counters.AddDropped(1); // logged by the loop, at most once per flush interval
            return false;
        }

        Counters.AddTracked();
        if (Interlocked.Increment(ref _pending) >= _options.BatchSize) _wake.Writer.TryWrite(true);
        return true;
    }

    private static void CheckName(string name, string field)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException($"{field} must not be empty.", field);
    }

    // The gateway refuses a whole request for one NaN: refuse it here, where the caller can see it.
    private static double CheckValue(double value) =>
        double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A point's value must be a finite number.");

    private Meter CreateMeter(IMeterFactory meters)
    {
        var meter = meters.Create("TSMetrics.Client");
        meter.CreateObservableCounter("tsmetrics.client.points", () => new Measurement<long>[]
        {
            new(Counters.Acknowledged, new KeyValuePair<string, object?>("outcome", "acknowledged")),
            new(Counters.Dropped, new KeyValuePair<string, object?>("outcome", "dropped")),
            new(Counters.Rejected, new KeyValuePair<string, object?>("outcome", "rejected")),
            new(Counters.Failed, new KeyValuePair<string, object?>("outcome", "failed")),
        }, "{point}", "Points by what became of them");
        meter.CreateObservableUpDownCounter("tsmetrics.client.buffered", () => Volatile.Read(ref _pending), "{point}", "Points waiting to be sent");
        return meter;
    }
}
