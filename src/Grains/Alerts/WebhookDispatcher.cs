using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Alerts;

/// <summary>
/// Sends a silo's webhook deliveries, off every grain's turn: a bounded queue, a few workers, a time-out per
/// attempt, no redirects, retries with doubling waits, every attempt logged in the database. A slow or dead
/// receiver only ever holds a worker here, so neither ingest nor evaluation waits for it. A delivery the full
/// queue cannot take stays pending in the database and resumes when the test's alert grain next activates.
/// </summary>
public sealed partial class WebhookDispatcher : IHostedService, IDisposable
{
    private readonly Channel<PendingDelivery> _queue;
    private readonly ConcurrentDictionary<(long HookId, Guid EventId), byte> _owned = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly HttpClient _http;
    private readonly WebhookStore _store;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookDispatcher> _logger;
    private Task[] _workers = [];

    public WebhookDispatcher(WebhookStore store, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookDispatcher> logger)
    {
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<PendingDelivery>(new BoundedChannelOptions(_options.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false, // a redirect could point anywhere, past the allow-list
            UseCookies = false,
            ConnectTimeout = _options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Takes a delivery unless this silo already has it on its way; false when the queue is full.</summary>
    public bool Enqueue(PendingDelivery delivery)
    {
        if (!_owned.TryAdd((delivery.Hook.Id, delivery.EventId), 0)) return true;
        var wait = delivery.NextAttemptAt - _time.GetUtcNow().UtcDateTime;
        if (wait > TimeSpan.Zero)
        {
            Later(delivery, wait);
            return true;
        }

        return Write(delivery);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _workers = Enumerable.Range(0, _options.Concurrency).Select(_ => Task.Run(WorkAsync, CancellationToken.None)).ToArray();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _queue.Writer.TryComplete();
        await Task.WhenAll(_workers).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _http.Dispose();
    }

    private async Task WorkAsync()
    {
        try
        {
            await foreach (var delivery in _queue.Reader.ReadAllAsync(_stopping.Token))
                await DeliverAsync(delivery);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(PendingDelivery delivery)
    {
        var attempt = delivery.Attempts + 1;
        var started = Stopwatch.GetTimestamp();
        var (status, error) = await SendAsync(delivery);
        var delivered = error is null;
        var now = _time.GetUtcNow().UtcDateTime;
        var gaveUp = !delivered && attempt >= _options.MaxAttempts;
        var next = delivered || gaveUp ? now : now + RetryDelay(attempt);
        var record = new WebhookAttempt(delivery.EventId, attempt, now, status, error, delivered, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        try
        {
            if (!await _store.RecordAttemptAsync(delivery, record, next, gaveUp, _stopping.Token)) gaveUp = true; // the hook was deleted
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRecordFailed(_logger, exception, delivery.Hook.Id, delivery.EventId);
        }

        if (delivered || gaveUp)
        {
            _owned.TryRemove((delivery.Hook.Id, delivery.EventId), out _);
            if (gaveUp && !delivered) LogGaveUp(_logger, delivery.Hook.Id, delivery.EventId, attempt, error);
            return;
        }

        LogRetrying(_logger, delivery.Hook.Id, delivery.EventId, attempt, error, (long)(next - now).TotalMilliseconds);
        Later(delivery with { Attempts = attempt, NextAttemptAt = next }, next - now);
    }

    private async Task<(int? Status, string? Error)> SendAsync(PendingDelivery delivery)
    {
        // Checked again at send time: the allow-list may have shrunk since the hook was made.
        if (WebhookTargets.Check(delivery.Hook.Url, _options.AllowedHosts) is { } refused) return (null, $"url {refused}");
        var body = Encoding.UTF8.GetBytes(delivery.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Hook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSigner.EventHeader, delivery.EventId.ToString());
        request.Headers.Add(WebhookSigner.SignatureHeader, WebhookSigner.Sign(delivery.Hook.Secret, body));
        request.Headers.UserAgent.ParseAdd("TSMetrics-Webhooks/1");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 300 ? (code, null)
                : code is >= 300 and < 400 ? (code, $"answered {code}; redirects are not followed")
                : (code, $"answered {code}");
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            return (null, $"no answer within {_options.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException exception)
        {
            return (null, exception.HttpRequestError == HttpRequestError.Unknown ? exception.Message : $"{exception.HttpRequestError}: {exception.Message}");
        }
    }

    private TimeSpan RetryDelay(int attempt)
    {
        var ticks = _options.FirstRetryDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        return ticks >= _options.MaxRetryDelay.Ticks ? _options.MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }

    private void Later(PendingDelivery delivery, TimeSpan wait) =>
        Task.Delay(wait, _time, _stopping.Token).ContinueWith(
            done => { if (!done.IsCanceled) Write(delivery); }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    private bool Write(PendingDelivery delivery)
    {
        if (_queue.Writer.TryWrite(delivery)) return true;
        _owned.TryRemove((delivery.Hook.Id, delivery.EventId), out _);
        LogQueueFull(_logger, delivery.Hook.Id, delivery.EventId);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {HookId}: event {EventId} attempt {Attempt} failed ({Error}); retrying in {DelayMilliseconds} ms")]
    private static partial void LogRetrying(ILogger logger, long hookId, Guid eventId, int attempt, string? error, long delayMilliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {HookId}: gave up on event {EventId} after {Attempt} attempts ({Error})")]
    private static partial void LogGaveUp(ILogger logger, long hookId, Guid eventId, int attempt, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {HookId}: the delivery queue is full; event {EventId} stays pending until the test's alert grain activates again")]
    private static partial void LogQueueFull(ILogger logger, long hookId, Guid eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {HookId}: recording an attempt of event {EventId} failed")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, long hookId, Guid eventId);
}
