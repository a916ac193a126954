using System.Buffers;

namespace TSMetrics.LoadGen;

/// <summary>
/// Maximum throughput: a fixed number of workers, each with one request in flight, take batches until the
/// source runs dry or the time is up. Used by the max, back-fill and CSV modes.
/// </summary>
public static class BoundedRunner
{
    public static Task RunAsync(IBatchSource source, IngestSender sender, int concurrency, DateTime deadline, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var buffer = new ArrayBufferWriter<byte>(64 * 1024);
            while (DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested && source.Next(worker) is { } batch)
                await sender.SendAsync(batch, buffer, cancellationToken);
        }, cancellationToken)));
}
