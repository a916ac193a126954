using System.Buffers;
using System.Globalization;
using System.Text;
using TSMetrics.LoadGen;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>
/// Figure 5: silo memory per active series, on a system of its own with the heap report on. Activates N
/// series (each reaching into all three rings of both variants), waits for the flush, and reads the managed
/// heap after a forced full collection, before and after. With --soak, keeps a steady ingest over all of
/// them for 10 minutes and reads the heap every minute.
/// </summary>
public sealed class MemoryBenchmark(SuiteOptions options)
{
    private const int Concurrency = 16;
    private const double SoakPointsPerSecond = 20_000;
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(6);

    public async Task<string> RunAsync()
    {
        await using var system = await TsMetricsSystem.StartAsync(options, "tsm_bench_memory",
            new Dictionary<string, string> { ["TSMetrics__Diagnostics__HeapReportInterval"] = ReportInterval.ToString() });
        using var http = LoadGenerator.CreateClient(new LoadOptions { Url = system.Url, Concurrency = Concurrency });
        var counters = new LoadCounters();
        var sender = new IngestSender(http, counters, new AcknowledgedLedger(), compact: false);

        await Task.Delay(Settle);
        var baseline = await system.Silo.HeapReportAfterAsync(DateTime.UtcNow, TimeSpan.FromMinutes(1));
        Console.WriteLine($"  memory baseline: heap {baseline.HeapBytes / 1e6:F1} MB, working set {baseline.WorkingSetBytes / 1e6:F1} MB");
        var rows = new StringBuilder();
        var active = 0;
        foreach (var target in options.MemorySeries)
        {
            await BoundedRunner.RunAsync(new ActiveSeriesSource(active, target), sender, Concurrency, DateTime.MaxValue, CancellationToken.None);
            active = target;
            // The first flush of a burst of 570 points per series is a backlog of rollup rows in flight: the
            // figure is what a series holds once it is flushed, not the queue on the way to storage.
            await WaitForFlushesAsync(system, active);
            await Task.Delay(Settle);
            var reading = await system.Silo.HeapReportAfterAsync(DateTime.UtcNow, TimeSpan.FromMinutes(2));
            Console.WriteLine($"  {active:N0} active series: heap {reading.HeapBytes / 1e6:F1} MB, working set {reading.WorkingSetBytes / 1e6:F1} MB; rejected {counters.RejectedRequests}, failed {counters.FailedRequests}");
            rows.AppendLine(CultureInfo.InvariantCulture,
                $"| {active:N0} | {reading.HeapBytes / 1e6:N1} | {(reading.HeapBytes - baseline.HeapBytes) / (double)active:N0} | {reading.WorkingSetBytes / 1e6:N1} | {(reading.WorkingSetBytes - baseline.WorkingSetBytes) / (double)active:N0} |");
        }

        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"""
            ## 5. Memory per active series

            A silo of its own on a fresh database, with `TSMetrics__Diagnostics__HeapReportInterval={ReportInterval}` (every 5 s it
            forces a full compacting collection and logs the managed heap and the working set). An active series is one
            (test, metric) with variants A and B, 10 metrics per test (so test grains are included, one per 10 series),
            the default window (1 s x 15 min, 1 min x 24 h, 1 h x 7 d, 1 d x 7 d: 900 + 1,440 + 168 + 7 buckets per variant), reached
            into by one request of 570 points per series (per variant: one point per hour over 6.9 days, per minute over
            the last hour, per second over the last minute). Rings allocate chunks of 4 buckets where points land and
            keep only the buckets changed since the last flush as pending, so a series holds memory for the data it has. Readings {Settle.TotalSeconds:0} s after
            every series' first flush reached storage (its watermark), so the figure leaves out the rows in flight to storage. Baseline (silo started, nothing active): heap
            {baseline.HeapBytes / 1e6:N1} MB, working set {baseline.WorkingSetBytes / 1e6:N1} MB. {counters.AcknowledgedRequests:N0} requests acknowledged,
            {counters.RejectedRequests + counters.FailedRequests} rejected or failed.

            | active series | managed heap MB | heap bytes per series | working set MB | working set bytes per series |
            |---|---|---|---|---|
            {rows.ToString().TrimEnd()}

            """));

        text.AppendLine().AppendLine(options.Soak ? await SoakAsync(system, sender, active) :
            "The 10-minute soak is not part of this run: `bash scripts/benchmark.sh --soak` adds it (steady ingest over every active series, heap read each minute).");
        return text.ToString();
    }

    private static async Task WaitForFlushesAsync(TsMetricsSystem system, int series)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (DateTime.UtcNow < deadline)
        {
            await using var command = system.Database.Owner.CreateCommand("SELECT count(*) FROM tsm.series_watermarks WHERE flushed_seq > 0");
            if ((long)(await command.ExecuteScalarAsync())! >= series) return;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        throw new TimeoutException($"The flushes of {series} series did not reach storage within 10 minutes.");
    }

    private static async Task<string> SoakAsync(TsMetricsSystem system, IngestSender sender, int series)
    {
        var source = new SoakSource(series);
        var readings = new List<(double Minute, HeapReading Reading)>();
        var start = DateTime.UtcNow;
        var end = start + TimeSpan.FromMinutes(10);
        var sent = 0L;
        var nextReading = start;
        using var slots = new SemaphoreSlim(Concurrency);
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
