using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>
/// The ingest path: read the body (capped), parse, validate all of it, group by series, then one grain
/// call per series in parallel. Each call returns once its points are durable.
/// </summary>
internal sealed partial class IngestService(IGrainFactory grains, IOptions<IngestOptions> options, TimeProvider time, ILogger<IngestService> logger)
{
    public async Task<IngestOutcome> IngestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limits = options.Value;
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
            return await StoreAsync(buffer.AsSpan(0, size), limits, cancellationToken);
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

    private Task<IngestOutcome> StoreAsync(ReadOnlySpan<byte> body, IngestOptions limits, CancellationToken cancellationToken)
    {
        var batch = new ParsedBatch();
        var errors = new IngestErrors(limits.MaxReportedErrors);
        PointBatchParser.Parse(body, limits, batch, errors);
        if (!errors.HasErrors) PointValidator.Validate(batch, UnixTime.ToMicros(time.GetUtcNow()), limits, errors);
        if (errors.HasErrors) return Task.FromResult(new IngestOutcome(IngestStatus.Invalid, Errors: errors));
        return SendAsync(SeriesGrouper.Group(batch.Points), batch.Points.Count, cancellationToken);
    }

    private async Task<IngestOutcome> SendAsync(List<(SeriesKey Key, PointBatch Batch)> groups, int pointCount, CancellationToken cancellationToken)
    {
        var calls = new Task<int>[groups.Count];
        for (var i = 0; i < calls.Length; i++)
            calls[i] = grains.GetGrain<ISeriesGrain>(groups[i].Key.ToGrainKey()).IngestAsync(groups[i].Batch, cancellationToken);
        try
        {
            await Task.WhenAll(calls);
            return new IngestOutcome(IngestStatus.Stored, pointCount, groups.Count);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var stored = 0;
            foreach (var call in calls) if (call.IsCompletedSuccessfully) stored++;
            LogStoreFailed(logger, exception, groups.Count, stored);
            return new IngestOutcome(IngestStatus.Unavailable, Series: groups.Count, Detail:
                $"Storage is unavailable; {stored} of {groups.Count} series in this request were stored before the failure. Retry after a moment.");
        }
    }

    private static IngestOutcome TooLarge(IngestOptions limits) =>
        new(IngestStatus.TooLarge, Detail: $"body: larger than the limit of {limits.MaxBodyBytes} bytes; split the batch.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest of {SeriesCount} series failed after {StoredCount} were stored")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, int seriesCount, int storedCount);
}
