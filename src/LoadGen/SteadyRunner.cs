using System.Buffers;
using System.Diagnostics;

namespace TSMetrics.LoadGen;

/// <summary>
/// A steady rate: every interval, sends the points due since the start (rate x elapsed), in batches of up
/// to BatchSize, with at most Concurrency requests in flight. When the server falls behind, requests wait
/// for a free slot and the achieved rate (in the summary) drops below the asked one.
/// </summary>
public static class SteadyRunner
{
    public static async Task RunAsync(GeneratedBatchSource source, IngestSender sender, LoadOptions options, DateTime deadline, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(options.Concurrency);
        var buffers = new Stack<ArrayBufferWriter<byte>>();
        var sending = new List<Task>();
        var clock = Stopwatch.StartNew();
        long scheduled = 0;
        using var timer = new PeriodicTimer(options.Interval);
        do
        {
            var due = (long)(options.Rate * clock.Elapsed.TotalSeconds) - scheduled;
            while (due > 0 && DateTime.UtcNow < deadline)
            {
                await slots.WaitAsync(cancellationToken);
                if (source.Next(0) is not { } batch)
                {
                    slots.Release();
                    deadline = DateTime.MinValue;
                    break;
                }

                var count = (int)Math.Min(due, batch.Points.Count);
                if (count < batch.Points.Count) batch.Points.RemoveRange(count, batch.Points.Count - count);
                due -= count;
                scheduled += count;
                ArrayBufferWriter<byte> buffer;
                lock (buffers) buffer = buffers.Count > 0 ? buffers.Pop() : new ArrayBufferWriter<byte>(16 * 1024);
                sending.Add(SendAsync(batch, buffer));
            }

            sending.RemoveAll(task => task.IsCompleted);
        }
        while (DateTime.UtcNow < deadline && await timer.WaitForNextTickAsync(cancellationToken));

        await Task.WhenAll(sending);

        async Task SendAsync(LoadBatch batch, ArrayBufferWriter<byte> buffer)
        {
            try
            {
                await sender.SendAsync(batch, buffer, cancellationToken);
            }
            finally
            {
                lock (buffers) buffers.Push(buffer);
                slots.Release();
            }
        }
    }
}
