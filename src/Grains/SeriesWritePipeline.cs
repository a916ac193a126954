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
/// When storage refuses a write for its data, each batch of it is written on its own, so only the faulty
/// batch's caller fails. Runs on its grain's scheduler: no locks, no state shared across threads.
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
    private readonly Dictionary<string, TaskCompletionSource> _pendingBatchIds = new(StringComparer.Ordinal);
    private readonly List<(long Seq, List<PointBatch> Batches)> _uncertainWrites = [];
    private WriteGroup? _queued;
    private Task _writeLoop = Task.CompletedTask;
    private Task? _resolving;

    /// <summary>The last sequence number used.</summary>
    public long LastSeq { get; set; }

    /// <summary>Every write up to this number is folded into the window (or known not to exist).</summary>
    public long FoldedSeq { get; set; }

    public bool HasUncertainWrites => _uncertainWrites.Count > 0;

    /// <summary>See <see cref="LiveSeries.HistoryVersion"/>: random per activation, +1 for every write reaching behind the late horizon.</summary>
    public long HistoryVersion { get; private set; } = Random.Shared.NextInt64(long.MaxValue / 2);

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
                await writing.Task;
                return batch.Points.Length;
            }
        }

        var group = _queued ??= new WriteGroup();
        var done = group.Add(batch, Activity.Current?.Context);
        if (batch.BatchId is not null) _pendingBatchIds[batch.BatchId] = done;
        if (_writeLoop.IsCompleted) _writeLoop = RunWriteLoopAsync();
        await done.Task;
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
            await WriteAsync(group);
        }
    }

    private async Task WriteAsync(WriteGroup group)
    {
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
        catch (Exception exception) when (RefusedData.Is(exception))
        {
            span?.SetStatus(ActivityStatusCode.Error, exception.Message);
            // Certainly not stored (PostgreSQL refused a row), so nothing to settle: find the faulty batch.
            if (group.Batches.Count > 1)
            {
                foreach (var (batch, done, trace) in group.Split()) await WriteAsync(new WriteGroup(batch, done, trace));
                return;
            }

            LogWriteRefused(logger, exception, key);
            group.Fail(this, new PointsRefusedException($"Storage refused the points of {key}: {RefusedData.Reason(exception)}"));
            return;
        }
        catch (Exception exception)
        {
            span?.SetStatus(ActivityStatusCode.Error, exception.Message);
            // The write may still have committed (the connection broke after COMMIT): it is settled
            // before the next write or flush, so its points are neither lost from memory nor counted twice.
            LogWriteFailed(logger, exception, key);
            _uncertainWrites.Add((seq, group.Batches));
            group.Fail(this, new StorageUnavailableException($"Storing points of {key} failed: {exception.Message}"));
            return;
        }

        Stored(seq, group.Batches);
        group.Succeed(this);
        onStored(group.Batches);
    }

    // The first traced request is the span's parent; the others in the same write are linked to it.
    private Activity? StartJournalSpan(WriteGroup group)
    {
        if (group.Traces.Count == 0 || !GrainsTelemetry.Source.HasListeners()) return null;
        List<ActivityLink>? links = null;
        for (var i = 1; i < group.Traces.Count; i++) (links ??= []).Add(new ActivityLink(group.Traces[i]));
        var span = GrainsTelemetry.Source.StartActivity("journal append", ActivityKind.Internal, group.Traces[0], links: links);
        span?.SetTag("tsmetrics.series", key.ToString());
        span?.SetTag("tsmetrics.batches", group.Batches.Count);
        return span;
    }

    private void Stored(long seq, List<PointBatch> batches)
    {
        var now = UnixTime.ToMicros(time.GetUtcNow());
        var lateBefore = now - LiveSeries.LateHorizonMicros;
        var late = false;
        foreach (var batch in batches)
        {
            if (batch.BatchId is not null) storedBatchIds.Add(batch.BatchId, now, now);
            window.Fold(batch, now);
            foreach (ref readonly var point in batch.Points.AsSpan()) late |= point.UnixMicros < lateBefore;
        }

        // Before the callers are answered: a query after the acknowledgement sees the new version.
        if (late) HistoryVersion++;

        FoldedSeq = Math.Max(FoldedSeq, seq);
    }

    private void Forget(PointBatch batch, TaskCompletionSource done)
    {
        if (batch.BatchId is not null && _pendingBatchIds.TryGetValue(batch.BatchId, out var pending) && pending == done)
            _pendingBatchIds.Remove(batch.BatchId);
    }

    // The batches of one journal write, each with its caller's completion and trace context.
    private sealed class WriteGroup
    {
        private readonly List<TaskCompletionSource> _callers = [];
        private readonly List<ActivityContext?> _callerTraces = [];

        public WriteGroup()
        {
        }

        public WriteGroup(PointBatch batch, TaskCompletionSource done, ActivityContext? trace)
        {
            Batches.Add(batch);
            _callers.Add(done);
            _callerTraces.Add(trace);
            if (trace is { } context) Traces.Add(context);
        }

        public List<PointBatch> Batches { get; } = [];

        /// <summary>The trace contexts of the requests in this write (empty when nothing traces).</summary>
        public List<ActivityContext> Traces { get; } = [];

        public int PointCount
        {
            get
            {
                var count = 0;
                foreach (var batch in Batches) count += batch.Points.Length;
                return count;
            }
        }

        public TaskCompletionSource Add(PointBatch batch, ActivityContext? trace)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Batches.Add(batch);
            _callers.Add(done);
            _callerTraces.Add(trace);
            if (trace is { } context) Traces.Add(context);
            return done;
        }

        public IEnumerable<(PointBatch, TaskCompletionSource, ActivityContext?)> Split()
        {
            for (var i = 0; i < Batches.Count; i++) yield return (Batches[i], _callers[i], _callerTraces[i]);
        }

        public void Succeed(SeriesWritePipeline pipeline)
        {
            for (var i = 0; i < Batches.Count; i++)
            {
                pipeline.Forget(Batches[i], _callers[i]);
                _callers[i].SetResult();
            }
        }

        public void Fail(SeriesWritePipeline pipeline, Exception exception)
        {
            for (var i = 0; i < Batches.Count; i++)
            {
                pipeline.Forget(Batches[i], _callers[i]);
                _callers[i].SetException(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage refused a batch of series {SeriesKey}; its caller gets the reason, other batches are unaffected")]
    private static partial void LogWriteRefused(ILogger logger, Exception exception, SeriesKey seriesKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal write for series {SeriesKey} failed; its callers get the error")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, SeriesKey seriesKey);
}
