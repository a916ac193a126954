using System.Diagnostics;
using Microsoft.Extensions.Logging;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Grains.Storage;

namespace TSMetrics.Grains;

/// <summary>
/// A series' durable write path: queues batches, keeps one journal write in flight (so sequence numbers
/// commit in order), folds a batch into the window only once it is stored, remembers batch ids so
/// retries are acknowledged without being stored twice, and settles writes whose outcome was unknown.
/// Runs on its grain's scheduler: no locks, no state shared across threads.
/// </summary>
internal sealed partial class SeriesWritePipeline(
    SeriesKey key,
    SeriesWindow window,
    PointJournal journal,
    SeriesLoader loader,
    BatchIdWindow storedBatchIds,
    TimeProvider time,
    ILogger logger,
    Action<List<PointBatch>> onStored)
{
    private readonly Dictionary<string, WriteGroup> _pendingBatchIds = new(StringComparer.Ordinal);
    private readonly List<(long Seq, List<PointBatch> Batches)> _uncertainWrites = [];
    private WriteGroup? _queued;
    private Task _writeLoop = Task.CompletedTask;
    private Task? _resolving;

    /// <summary>The last sequence number used.</summary>
    public long LastSeq { get; set; }

    /// <summary>Every write up to this number is folded into the window (or known not to exist).</summary>
    public long FoldedSeq { get; set; }

    public bool HasUncertainWrites => _uncertainWrites.Count > 0;

    /// <summary>Completes once every queued batch is written (or failed).</summary>
    public Task WhenIdleAsync() => _writeLoop;

    /// <summary>Completes when the batch is stored and folded; a retried batch id completes without a second write.</summary>
    public async Task<int> IngestAsync(PointBatch batch)
    {
        if (batch.BatchId is { } batchId)
        {
            if (storedBatchIds.Contains(batchId)) return batch.Points.Length;
            if (_pendingBatchIds.TryGetValue(batchId, out var writing))
            {
                await writing.Done.Task;
                return batch.Points.Length;
            }
        }

        var group = _queued ??= new WriteGroup();
        group.Batches.Add(batch);
        if (Activity.Current is { } caller) group.Callers.Add(caller.Context);
        if (batch.BatchId is not null) _pendingBatchIds[batch.BatchId] = group;
        if (_writeLoop.IsCompleted) _writeLoop = RunWriteLoopAsync();
        await group.Done.Task;
        return batch.Points.Length;
    }

    /// <summary>
    /// Settles writes whose outcome was unknown. Throws while the database cannot say, which keeps later
    /// writes and flushes from overtaking the doubt. Callers share one resolution, so nothing folds twice.
    /// </summary>
    public Task ResolveUncertainWritesAsync()
    {
        if (_uncertainWrites.Count == 0) return Task.CompletedTask;
        // A finished (or failed) resolution is replaced; one still running is shared.
        if (_resolving is { IsCompleted: false }) return _resolving;
        return _resolving = ResolveEachAsync();
    }

    private async Task ResolveEachAsync()
    {
        while (_uncertainWrites.Count > 0)
        {
            var (seq, batches) = _uncertainWrites[0];
            if (await loader.JournalHasWriteAsync(key, seq, CancellationToken.None)) Stored(seq, batches);
            _uncertainWrites.RemoveAt(0);
        }
    }

    private async Task RunWriteLoopAsync()
    {
        while (_queued is { } group)
        {
            _queued = null;
            var seq = ++LastSeq;
            var started = time.GetTimestamp();
            using var span = StartJournalSpan(group);
            try
            {
                await ResolveUncertainWritesAsync();
                await journal.AppendAsync(new JournalEntry(key, seq, group.Batches));
                GrainsTelemetry.JournalCommitDuration.Record(time.GetElapsedTime(started).TotalSeconds);
                GrainsTelemetry.JournaledPoints.Add(group.PointCount);
            }
            catch (Exception exception)
            {
                span?.SetStatus(ActivityStatusCode.Error, exception.Message);
                // The write may still have committed (the connection broke after COMMIT): it is settled
                // before the next write or flush, so its points are neither lost from memory nor counted twice.
                LogWriteFailed(logger, exception, key);
                _uncertainWrites.Add((seq, group.Batches));
                Forget(group);
                group.Done.SetException(new StorageUnavailableException($"Storing points of {key} failed: {exception.Message}"));
                continue;
            }

            Stored(seq, group.Batches);
            Forget(group);
            group.Done.SetResult();
            onStored(group.Batches);
        }
    }

    // One write serves several requests: it belongs to the first caller's trace and links the others.
    private Activity? StartJournalSpan(WriteGroup group)
    {
        if (group.Callers.Count == 0 || !GrainsTelemetry.Source.HasListeners()) return null;
        List<ActivityLink>? links = null;
        for (var i = 1; i < group.Callers.Count; i++) (links ??= []).Add(new ActivityLink(group.Callers[i]));
        var span = GrainsTelemetry.Source.StartActivity("journal append", ActivityKind.Internal, group.Callers[0], links: links);
        span?.SetTag("tsmetrics.series", key.ToString());
        span?.SetTag("tsmetrics.batches", group.Batches.Count);
        return span;
    }

    private void Stored(long seq, List<PointBatch> batches)
    {
        var now = UnixTime.ToMicros(time.GetUtcNow());
        foreach (var batch in batches)
        {
            if (batch.BatchId is not null) storedBatchIds.Add(batch.BatchId, now, now);
            window.Fold(batch);
        }

        FoldedSeq = Math.Max(FoldedSeq, seq);
    }

    private void Forget(WriteGroup group)
    {
        foreach (var batch in group.Batches)
            if (batch.BatchId is not null && _pendingBatchIds.TryGetValue(batch.BatchId, out var pending) && pending == group)
                _pendingBatchIds.Remove(batch.BatchId);
    }

    private sealed class WriteGroup
    {
        public List<PointBatch> Batches { get; } = [];

        /// <summary>The trace contexts of the requests in this write (empty when nothing traces).</summary>
        public List<ActivityContext> Callers { get; } = [];

        public int PointCount
        {
            get
            {
                var count = 0;
                foreach (var batch in Batches) count += batch.Points.Length;
                return count;
            }
        }

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal write for series {SeriesKey} failed; its callers get the error")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, SeriesKey seriesKey);
}
