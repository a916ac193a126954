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
                Console.WriteLine($"  soak {(reading.At - start).TotalMinutes:F1} min: heap {reading.HeapBytes / 1e6:F1} MB, working set {reading.WorkingSetBytes / 1e6:F1} MB");
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
        var first = readings[0].Reading.HeapBytes;
        var last = readings[^1].Reading.HeapBytes;
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"""
            ### Soak: 10 minutes of steady ingest over {series:N0} active series

            {SoakPointsPerSecond:N0} points/s, 100 per request, the series in turn. Heap after a full collection, once a minute.
            From first to last reading the heap changed by {(last - first) / 1e6:+0.0;-0.0} MB ({(last - first) / (double)first:+0.0%;-0.0%}).

            | minute | managed heap MB | working set MB |
            |---|---|---|

            """));
        foreach (var (minute, reading) in readings)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {minute:F1} | {reading.HeapBytes / 1e6:N1} | {reading.WorkingSetBytes / 1e6:N1} |");
        return text.ToString();
    }
}
