using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace TSMetrics.Client;

/// <summary>
/// Posts one encoded batch until the gateway acknowledges it, refuses it for good, or the retry time is up.
/// Every attempt carries the same Idempotency-Key, so the gateway stores and counts the batch once however
/// often it arrives. 429 and 503 wait as long as Retry-After says; other failures back off exponentially.
/// </summary>
internal sealed partial class IngestSender(
    IHttpClientFactory httpClients, TsMetricsClientOptions options, TsMetricsClientCounters counters, TimeProvider time, ILogger logger)
{
    // The last client made, for the final flush when the container is already being disposed (the factory
    // then refuses to make one). A client per send otherwise, so the factory's handler rotation applies.
    private HttpClient _lastClient = httpClients.CreateClient(TsMetricsClient.HttpClientName);

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    public async Task<SendOutcome> SendAsync(ReadOnlyMemory<byte> body, string batchId, int points, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.MaxRetryDuration;
        var backoff = FirstDelay;
        while (true)
        {
            TimeSpan wait;
            string reason;
            try
            {
                var http = Client();
                using var request = new HttpRequestMessage(HttpMethod.Post, "v1/points") { Content = new ReadOnlyMemoryContent(body) };
                request.Content.Headers.ContentType = Json;
                request.Headers.Add("Idempotency-Key", batchId);
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode) return SendOutcome.Acknowledged;
                var status = (int)response.StatusCode;
                if (!IsRetryable(response.StatusCode))
                {
                    LogRejected(logger, points, status, batchId, await response.Content.ReadAsStringAsync(cancellationToken));
                    return SendOutcome.Rejected;
                }

                reason = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                wait = RetryAfter(response) ?? Jittered(backoff);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                reason = exception.GetType().Name;
                wait = Jittered(backoff);
            }

            if (time.GetUtcNow() + wait > deadline)
            {
                LogGaveUp(logger, points, batchId, options.MaxRetryDuration.TotalSeconds, reason);
                return SendOutcome.Failed;
            }

            counters.AddRetry();
            LogRetrying(logger, batchId, points, reason, wait.TotalMilliseconds);
            await Task.Delay(wait, time, cancellationToken);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxDelay.Ticks));
        }
    }

    private HttpClient Client()
    {
        try
        {
            return _lastClient = httpClients.CreateClient(TsMetricsClient.HttpClientName);
        }
        catch (ObjectDisposedException)
        {
            return _lastClient;
        }
    }

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero,
        _ => null,
    };

    // Jitter spreads the retries of many clients that failed at the same moment.
    private static TimeSpan Jittered(TimeSpan delay) => delay * (0.8 + 0.4 * Random.Shared.NextDouble());

    [LoggerMessage(Level = LogLevel.Error, Message = "TSMetrics refused {PointCount} points with {StatusCode} (batch {BatchId}); they are not retried: {Problem}")]
    private static partial void LogRejected(ILogger logger, int pointCount, int statusCode, string batchId, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending batch {BatchId} ({PointCount} points) failed with {Reason}; retrying in {DelayMilliseconds} ms with the same idempotency key")]
    private static partial void LogRetrying(ILogger logger, string batchId, int pointCount, string reason, double delayMilliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up {PointCount} points (batch {BatchId}) after retrying for {RetrySeconds} s; last failure {Reason}")]
    private static partial void LogGaveUp(ILogger logger, int pointCount, string batchId, double retrySeconds, string reason);
}
