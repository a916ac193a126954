using System.Buffers;
using System.Globalization;
using System.Text;
using TSMetrics.LoadGen;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>
/// The memory soak (--soak): 10 minutes of steady ingest over the numeric series the memory benchmark made
/// active, the managed heap read after a full collection once a minute.
/// </summary>
public sealed class MemorySoak(TsMetricsSystem system, IngestSender sender, int concurrency)
{
    private const double SoakPointsPerSecond = 20_000;

    public async Task<string> RunAsync(int series)
    {
        var source = new SoakSource(series);
        var readings = new List<(double Minute, HeapReading Reading)>();
        var start = DateTime.UtcNow;
        var end = start + TimeSpan.FromMinutes(10);
        var sent = 0L;
        var nextReading = start;
        using var slots = new SemaphoreSlim(concurrency);
        var sending = new List<Task>();
        while (DateTime.UtcNow < end)
        {
            if (DateTime.UtcNow >= nextReading)
            {
                var reading = await system.Silo.HeapReportAfterAsync(DateTime.UtcNow, TimeSpan.FromMinutes(1));
                readings.Add(((reading.At - start).TotalMinutes, reading));
                Console.WriteLine($"  soak {(reading.At - start).TotalMinutes:F1} min: heap {reading.HeapBytes / 1e6:F1} MB, working set {reading.WorkingSetBytes / 1e6:F1} MB, series' estimate {reading.SeriesBytes / 1e6:F1} MB");
                nextReading += TimeSpan.FromMinutes(1);
            }

            // Pace: send what is due at the steady rate, then wait for the next tenth of a second.
            var due = (long)((DateTime.UtcNow - start).TotalSeconds * SoakPointsPerSecond) - sent;
            for (; due > 0; due -= 100, sent += 100)
            {
                await slots.WaitAsync();
                var batch = source.Next(0)!;
                sending.Add(Task.Run(async () =>
                {
                    try
                    {
                        await sender.SendAsync(batch, new ArrayBufferWriter<byte>(8 * 1024), CancellationToken.None);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }));
            }

            sending.RemoveAll(t => t.IsCompleted);
            await Task.Delay(100);
        }

        await Task.WhenAll(sending);
        var (first, last) = (readings[0].Reading, readings[^1].Reading);
        var heapChange = last.HeapBytes - first.HeapBytes;
        var windowChange = last.SeriesBytes - first.SeriesBytes;
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"""
            ### Soak: 10 minutes of steady ingest over {series:N0} active series

            {SoakPointsPerSecond:N0} points/s, 100 per request at "now", the series in turn (each series a request every
            {series / (SoakPointsPerSecond / 100):N0} s). Heap after a full collection, once a minute, beside what the active series estimate they
            hold (rings, unit totals and the batch ids of the dedupe window: the figure of `/cache/info` and
            `tsmetrics.series.memory.usage`). Both grow with the soak's data: rings hold memory for the buckets that have
            points, so new buckets grow them until each ring's span is full (15 minutes of seconds, a day of minutes), and
            every request's batch id is kept for the 15-minute dedupe window. What is not data is the heap less the series'
            estimate, and that is the figure that has to stay flat.
            From first to last reading the heap changed by {heapChange / 1e6:+0.0;-0.0} MB ({heapChange / (double)first.HeapBytes:+0.0%;-0.0%}), the series' estimate by
            {windowChange / 1e6:+0.0;-0.0} MB, and the rest by {(heapChange - windowChange) / 1e6:+0.0;-0.0} MB ({(heapChange - windowChange) / (double)(first.HeapBytes - first.SeriesBytes):+0.0%;-0.0%}).

            | minute | managed heap MB | series' estimate MB | heap less the estimate MB | working set MB |
            |---|---|---|---|---|

            """));
        foreach (var (minute, reading) in readings)
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {minute:F1} | {reading.HeapBytes / 1e6:N1} | {reading.SeriesBytes / 1e6:N1} | {(reading.HeapBytes - reading.SeriesBytes) / 1e6:N1} | {reading.WorkingSetBytes / 1e6:N1} |");
        return text.ToString();
    }
}
