using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>
/// The last step of the pipeline: one grain call per series, in parallel, each retried with the same batch
/// id while its silo is failing (for up to the retry window), so a retry never counts a series twice. Points
/// the database refused for their data are never retried: the answer says which series and why.
/// </summary>
internal sealed partial class SeriesSender(IGrainFactory grains, TimeProvider time, ILogger<SeriesSender> logger)
{
    public async Task<IngestOutcome> SendAsync(
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Storing series {SeriesKey} failed; retrying in {DelayMilliseconds} ms with the same batch id")]
    private static partial void LogRetrying(ILogger logger, Exception exception, SeriesKey seriesKey, double delayMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest of {SeriesCount} series failed after {StoredCount} were stored")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, int seriesCount, int storedCount);
}
