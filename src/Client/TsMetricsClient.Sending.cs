using System.Buffers;
using Microsoft.Extensions.Logging;

namespace TSMetrics.Client;

// The background loop: one batch in flight at a time, so memory is the buffer plus one batch.
public sealed partial class TsMetricsClient
{
    private async Task RunAsync()
    {
        var batches = new SeriesBatches();
        var body = new ArrayBufferWriter<byte>(64 * 1024);
        var flushes = new List<TaskCompletionSource>();
        var nextTimedFlush = _time.GetUtcNow() + _options.FlushInterval;
        while (true)
        {
            var closing = _buffer.Reader.Completion.IsCompleted || Volatile.Read(ref _disposed) == 1;
            if (!closing && _flushRequests.IsEmpty && Volatile.Read(ref _pending) < _options.BatchSize)
                await WaitAsync(nextTimedFlush - _time.GetUtcNow());

            while (_flushRequests.TryDequeue(out var flush)) flushes.Add(flush);
            var timed = _time.GetUtcNow() >= nextTimedFlush;
            var all = closing || timed || flushes.Count > 0;
            try
            {
                // "All" means what waits now: under steady traffic a flush must still end.
                var toSend = all ? Volatile.Read(ref _pending) : Volatile.Read(ref _pending) / _options.BatchSize * _options.BatchSize;
                while (toSend > 0 && !_stop.IsCancellationRequested)
                    toSend -= await SendNextAsync(batches, body, (int)Math.Min(toSend, _options.BatchSize));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogLoopFailed(_logger, exception);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }

            ReportDrops();
            foreach (var flush in flushes) flush.TrySetResult();
            flushes.Clear();
            if (timed) nextTimedFlush = _time.GetUtcNow() + _options.FlushInterval;
            if (closing && (Volatile.Read(ref _pending) == 0 || _stop.IsCancellationRequested)) return;
        }
    }

    private async Task WaitAsync(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero) return;
        using var delayCancel = new CancellationTokenSource();
        var delay = Task.Delay(timeout, _time, delayCancel.Token);
        await Task.WhenAny(_wake.Reader.WaitToReadAsync().AsTask(), delay);
        delayCancel.Cancel();
        _wake.Reader.TryRead(out _);
    }

    /// <summary>Takes up to <paramref name="count"/> points, sends them one series per request, and books the outcome.</summary>
    private async Task<int> SendNextAsync(SeriesBatches batches, ArrayBufferWriter<byte> body, int count)
    {
        batches.Clear();
        while (batches.Count < count && _buffer.Reader.TryRead(out var point)) batches.Add(point);
        var taken = batches.Count;
        Interlocked.Add(ref _pending, -taken);
        if (taken == 0) return count; // nothing left to read: end the drain

        var unsent = taken;
        try
        {
            foreach (var series in batches.Filled)
            {
                body.ResetWrittenCount();
                var batchId = Guid.NewGuid().ToString("N");
                BatchEncoder.Write(series, batchId, body);
                var outcome = await _sender.SendAsync(body.WrittenMemory, batchId, series.Count, _stop.Token);
                unsent -= series.Count;
                if (outcome == SendOutcome.Acknowledged) Counters.AddAcknowledged(series.Count);
                else if (outcome == SendOutcome.Rejected) Counters.AddRejected(series.Count);
                else Counters.AddFailed(series.Count);
            }
        }
        finally
        {
            if (unsent > 0) Counters.AddFailed(unsent); // stopped (shutdown time-out) or failed mid-way
        }

        return taken;
    }

    private void ReportDrops()
    {
        var dropped = Counters.Dropped;
        if (dropped == _droppedReported) return;
        LogDropped(_logger, dropped - _droppedReported, dropped, _options.BufferCapacity);
        _droppedReported = dropped;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {DroppedCount} points because the buffer of {BufferCapacity} was full ({TotalDropped} dropped since start)")]
    private static partial void LogDropped(ILogger logger, long droppedCount, long totalDropped, int bufferCapacity);

    [LoggerMessage(Level = LogLevel.Error, Message = "{PointCount} points were still buffered when the shutdown time-out of {TimeoutSeconds} s ran out; they were not sent")]
    private static partial void LogShutdownLeft(ILogger logger, int pointCount, double timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending points failed unexpectedly; the loop goes on")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
