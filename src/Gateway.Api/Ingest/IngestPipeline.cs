using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Limits;
using TSMetrics.Gateway.Api.Security;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>
/// The one ingest pipeline every front door feeds: a caller, a parsed batch and its batch id in; validated,
/// admitted (rate, cardinality, back-pressure), stored per series and answered out. Front doors only turn
/// their format into a <see cref="ParsedBatch"/> (plus the errors found on the way) and the outcome into
/// their answer; everything a point goes through on its way to storage happens here, once.
/// </summary>
internal sealed partial class IngestPipeline(
    IOptions<IngestOptions> options, TimeProvider time, CallerRateLimiter rates, SeriesAdmissionCache admissions,
    IngestBackPressure backPressure, RejectionCounters rejections, SeriesSender sender, Hosting.GatewayMetrics metrics,
    ILogger<IngestPipeline> logger)
{
    private const int MaxBatchIdLength = 128;

    public IngestOptions Limits => options.Value;

    /// <summary>The caller the authentication handler attached: every ingest route requires authorization.</summary>
    public static ApiCaller CallerOf(HttpContext context) =>
        context.Features.Get<ApiCaller>() ?? throw new InvalidOperationException("Ingest must require authorization.");

    /// <summary>
    /// Validates and stores <paramref name="batch"/>. <paramref name="errors"/> holds what the parser found:
    /// any error rejects the whole batch before anything is stored. <paramref name="idempotencyKey"/> is the
    /// client's key (the Idempotency-Key header), or empty.
    /// </summary>
    public async Task<IngestOutcome> IngestAsync(
        ApiCaller caller, ParsedBatch batch, IngestErrors errors, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var batchId = BatchIdFor(idempotencyKey, batch.BatchId, batch, errors);
        if (!errors.HasErrors) PointValidator.Validate(batch, UnixTime.ToMicros(time.GetUtcNow()), limits, errors);
        if (errors.HasErrors)
        {
            rejections.CountIngest(RejectionReason.Invalid, batch.Points.Count);
            return new IngestOutcome(IngestStatus.Invalid, Errors: errors);
        }

        return await AdmitAndSendAsync(caller, batch, batchId, limits, cancellationToken);
    }

    /// <summary>A body over the size limit: counted, and answered 413 naming the body.</summary>
    public IngestOutcome TooLarge()
    {
        rejections.CountIngest(RejectionReason.TooLarge, 0);
        return new(IngestStatus.TooLarge, Field: "body", Detail: $"body: larger than the limit of {options.Value.MaxBodyBytes} bytes; split the batch.");
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
            var points = batch.Names.Points;
            rejections.CountIngest(rate.ExceedsBurst ? RejectionReason.TooLarge : RejectionReason.RateLimited, pointCount);
            return rate.ExceedsBurst
                ? new IngestOutcome(IngestStatus.TooLarge, Field: points,
                    Detail: $"{points}: {pointCount} points exceed this key's burst of {rates.PointBurst(caller)}; split the batch.")
                : new IngestOutcome(IngestStatus.RateLimited, RetryAfter: rate.RetryAfter, Field: points,
                    Detail: $"{points}: this key's ingest rate is used up; retry after the time in Retry-After, or ask for a higher rate.");
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
            return new IngestOutcome(IngestStatus.CardinalityExceeded, RetryAfter: admission.RetryAfter,
                Field: batch.Names.Of(admission.Refused.Test.Length == 0 ? "metric" : "variant"), Detail: CardinalityDetail(admission));
        }

        if (!backPressure.TryEnter(pointCount))
        {
            rejections.CountIngest(RejectionReason.Busy, pointCount);
            return new IngestOutcome(IngestStatus.Busy, BatchId: batchId, RetryAfter: TimeSpan.FromSeconds(1),
                Detail: $"Storage is behind: this gateway already holds {backPressure.InFlightPoints} points waiting to be stored; retry after a moment.");
        }

        try
        {
            var outcome = await sender.SendAsync(groups, pointCount, batchId, limits.RetryWindow, cancellationToken);
            if (outcome.Status == IngestStatus.Unavailable) rejections.CountIngest(RejectionReason.Unavailable, pointCount);
            if (outcome.Status == IngestStatus.Refused) rejections.CountIngest(RejectionReason.Refused, pointCount);
            if (outcome.Status == IngestStatus.Stored) metrics.Acknowledged(outcome.Accepted);
            return outcome;
        }
        finally
        {
            backPressure.Exit(pointCount);
        }
    }

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

    // Every request gets a batch id: the client's (Idempotency-Key header or the body's batch id), else a new
    // one, so that the gateway's own retries after a silo failure can never count a series twice.
    private static string BatchIdFor(string? header, string? body, ParsedBatch batch, IngestErrors errors)
    {
        var field = batch.Names.Of("batchId");
        var given = string.IsNullOrEmpty(header) ? body : header;
        if (!string.IsNullOrEmpty(header) && body is not null && body != header)
            errors.Add(field, "differs from the Idempotency-Key header; send one or make them equal.");
        if (given is null) return Guid.NewGuid().ToString("N");
        if (NameRules.Check(given, MaxBatchIdLength) is { } problem) errors.Add(field, problem);
        return given;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admitting new series failed; the request was answered 503")]
    private static partial void LogAdmissionFailed(ILogger logger, Exception exception);
}
