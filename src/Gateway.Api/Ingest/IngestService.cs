using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Limits;
using TSMetrics.Gateway.Api.Security;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>
/// The ingest path: read the body (capped), parse, validate all of it, group by series, then one grain
/// call per series in parallel. Each call returns once its points are durable.
/// </summary>
internal sealed partial class IngestService(
    IGrainFactory grains, IOptions<IngestOptions> options, TimeProvider time, CallerRateLimiter rates, SeriesAdmissionCache admissions,
    IngestBackPressure backPressure, RejectionCounters rejections, ILogger<IngestService> logger)
{
    private const int MaxBatchIdLength = 128;

    public async Task<IngestOutcome> IngestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var caller = request.HttpContext.Features.Get<ApiCaller>() ?? throw new InvalidOperationException("Ingest must require authorization.");
        if (request.ContentLength > limits.MaxBodyBytes) return TooLarge(limits);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = limits.MaxBodyBytes + 1L;

        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and var length ? (int)length : 16 * 1024);
        try
        {
            var size = 0;
            while (true)
            {
                if (size == buffer.Length)
                {
                    if (size > limits.MaxBodyBytes) return TooLarge(limits);
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limits.MaxBodyBytes + 1));
                    buffer.AsSpan(0, size).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(size), cancellationToken);
                if (read == 0) break;
                size += read;
            }

            if (size > limits.MaxBodyBytes) return TooLarge(limits);
            var (batch, batchId, invalid) = Prepare(buffer.AsSpan(0, size), request.Headers["Idempotency-Key"].ToString(), limits);
            if (invalid is not null) return invalid;
            return await AdmitAndSendAsync(caller, batch, batchId, limits, cancellationToken);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limits);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private (ParsedBatch Batch, string BatchId, IngestOutcome? Invalid) Prepare(ReadOnlySpan<byte> body, string header, IngestOptions limits)
    {
        var batch = new ParsedBatch();
        var errors = new IngestErrors(limits.MaxReportedErrors);
        PointBatchParser.Parse(body, limits, batch, errors);
        var batchId = BatchIdFor(header, batch.BatchId, errors);
        if (!errors.HasErrors) PointValidator.Validate(batch, UnixTime.ToMicros(time.GetUtcNow()), limits, errors);
        if (!errors.HasErrors) return (batch, batchId, null);
        rejections.CountIngest(RejectionReason.Invalid, batch.Points.Count);
        return (batch, batchId, new IngestOutcome(IngestStatus.Invalid, Errors: errors));
    }

    // Cheapest refusals first: the caller's rate, then (new series only) the cluster's cardinality limits,
    // then this gateway's backlog of points waiting for storage. Every refusal is counted with its points.
    private async Task<IngestOutcome> AdmitAndSendAsync(
        ApiCaller caller, ParsedBatch batch, string batchId, IngestOptions limits, CancellationToken cancellationToken)
    {
        var pointCount = batch.Points.Count;
        var rate = rates.TryTakePoints(caller, pointCount);
        if (!rate.Allowed)
        {
            rejections.CountIngest(rate.ExceedsBurst ? RejectionReason.TooLarge : RejectionReason.RateLimited, pointCount);
            return rate.ExceedsBurst
                ? new IngestOutcome(IngestStatus.TooLarge, Field: "points",
                    Detail: $"points: {pointCount} points exceed this key's burst of {rates.PointBurst(caller)}; split the batch.")
                : new IngestOutcome(IngestStatus.RateLimited, RetryAfter: rate.RetryAfter, Field: "points",
                    Detail: $"points: this key's ingest rate is used up; retry after the time in Retry-After, or ask for a higher rate.");
        }

        var groups = SeriesGrouper.Group(batch.Points, batchId);
        SeriesAdmission admission;
        try
        {
            admission = await admissions.AdmitAsync(groups);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogAdmissionFailed(logger, exception);
            rejections.CountIngest(RejectionReason.Unavailable, pointCount);
            return new IngestOutcome(IngestStatus.Unavailable, Series: groups.Count, BatchId: batchId,
                Detail: "The cluster could not check this request's new series against the cardinality limits; nothing was stored. Retry after a moment.");
        }

        if (!admission.Admitted)
        {
            rejections.CountIngest(RejectionReason.Cardinality, pointCount);
            return new IngestOutcome(IngestStatus.CardinalityExceeded, RetryAfter: admission.RetryAfter, Field: FieldOf(admission.Refused),
                Detail: CardinalityDetail(admission));
        }

        if (!backPressure.TryEnter(pointCount))
        {
            rejections.CountIngest(RejectionReason.Busy, pointCount);
            return new IngestOutcome(IngestStatus.Busy, BatchId: batchId, RetryAfter: TimeSpan.FromSeconds(1),
                Detail: $"Storage is behind: this gateway already holds {backPressure.InFlightPoints} points waiting to be stored; retry after a moment.");
        }

        try
        {
            var outcome = await SendAsync(groups, pointCount, batchId, limits.RetryWindow, cancellationToken);
            if (outcome.Status == IngestStatus.Unavailable) rejections.CountIngest(RejectionReason.Unavailable, pointCount);
            if (outcome.Status == IngestStatus.Refused) rejections.CountIngest(RejectionReason.Refused, pointCount);
            return outcome;
        }
        finally
        {
            backPressure.Exit(pointCount);
        }
    }

    private static string FieldOf(SeriesName series) => series.Test.Length == 0 ? "metric" : "variant";

    private static string CardinalityDetail(SeriesAdmission admission)
    {
        var series = admission.Refused.Test.Length == 0
            ? $"plain metric '{admission.Refused.Metric}'"
            : $"series '{admission.Refused.Test}/{admission.Refused.Metric}/{admission.Refused.Variant}'";
        var limit = admission.Limit switch
        {
            CardinalityLimit.SeriesPerTest => $"the limit of {admission.LimitValue} series per test",
            CardinalityLimit.TotalSeries => $"the limit of {admission.LimitValue} series in all",
            _ => $"the limit of {admission.LimitValue} new series per hour",
        };
        return $"The new {series} would exceed {limit}; the whole request was rejected and nothing was stored.";
    }

    // Every request gets a batch id: the client's (Idempotency-Key header or "batchId"), else a new one, so
    // that the gateway's own retries after a silo failure can never count a series twice.
    private static string BatchIdFor(string header, string? body, IngestErrors errors)
    {
        var given = string.IsNullOrEmpty(header) ? body : header;
        if (!string.IsNullOrEmpty(header) && body is not null && body != header)
            errors.Add("batchId", "differs from the Idempotency-Key header; send one or make them equal.");
        if (given is null) return Guid.NewGuid().ToString("N");
        if (NameRules.Check(given, MaxBatchIdLength) is { } problem) errors.Add("batchId", problem);
        return given;
    }

    private async Task<IngestOutcome> SendAsync(
        List<(SeriesKey Key, PointBatch Batch)> groups, int pointCount, string batchId, TimeSpan retryWindow, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + retryWindow;
        var calls = new Task<int>[groups.Count];
        for (var i = 0; i < calls.Length; i++) calls[i] = SendWithRetriesAsync(groups[i].Key, groups[i].Batch, deadline, cancellationToken);
        try
        {
            await Task.WhenAll(calls);
            return new IngestOutcome(IngestStatus.Stored, pointCount, groups.Count, BatchId: batchId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var stored = 0;
            foreach (var call in calls) if (call.IsCompletedSuccessfully) stored++;
            LogStoreFailed(logger, exception, groups.Count, stored);
            for (var i = 0; i < calls.Length; i++)
            {
                if (calls[i].Exception?.InnerException is not PointsRefusedException refused) continue;
                return new IngestOutcome(IngestStatus.Refused, Series: groups.Count, BatchId: batchId, Field: "points", Detail:
                    $"points: storage refused the points of series '{groups[i].Key}': {refused.Message}. {stored} of {groups.Count} series in this request were stored; fix the data and retry with the same Idempotency-Key (the batchId in this answer): what was stored is not counted twice.");
            }

            return new IngestOutcome(IngestStatus.Unavailable, Series: groups.Count, BatchId: batchId, Detail:
                $"Storage is unavailable; {stored} of {groups.Count} series in this request were stored before the failure. Retry after a moment with the same Idempotency-Key (the batchId in this answer): nothing is counted twice.");
        }
    }

    private async Task<int> SendWithRetriesAsync(SeriesKey key, PointBatch batch, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return await grains.GetGrain<ISeriesGrain>(key.ToGrainKey()).IngestAsync(batch, cancellationToken);
            }
            catch (Exception exception) when (exception is not ArgumentException and not PointsRefusedException && !cancellationToken.IsCancellationRequested
                && time.GetUtcNow() + delay < deadline)
            {
                LogRetrying(logger, exception, key, delay.TotalMilliseconds);
                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    private IngestOutcome TooLarge(IngestOptions limits)
    {
        rejections.CountIngest(RejectionReason.TooLarge, 0);
        return new(IngestStatus.TooLarge, Field: "body", Detail: $"body: larger than the limit of {limits.MaxBodyBytes} bytes; split the batch.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storing series {SeriesKey} failed; retrying in {DelayMilliseconds} ms with the same batch id")]
    private static partial void LogRetrying(ILogger logger, Exception exception, SeriesKey seriesKey, double delayMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admitting new series failed; the request was answered 503")]
    private static partial void LogAdmissionFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest of {SeriesCount} series failed after {StoredCount} were stored")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, int seriesCount, int storedCount);
}
