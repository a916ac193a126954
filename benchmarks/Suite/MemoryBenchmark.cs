using System.Globalization;
using System.Text;
using TSMetrics.LoadGen;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>
/// Figure 5: silo memory per active series, on a system of its own with the heap report on. Activates N
/// series (each reaching into all three rings of both variants), waits for the flush, and reads the managed
/// heap after a forced full collection, before and after; then, on top, series that keep percentiles
/// (<see cref="SuiteOptions.MemoryPercentileSeries"/>). With --soak, <see cref="MemorySoak"/> follows.
/// </summary>
public sealed class MemoryBenchmark(SuiteOptions options)
{
    private const int Concurrency = 16;
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
        var reading = baseline;
        foreach (var target in options.MemorySeries)
        {
            reading = await ActivateAsync(system, sender, new ActiveSeriesSource(active, target), target);
            active = target;
            Console.WriteLine($"  {active:N0} active series: heap {reading.HeapBytes / 1e6:F1} MB, working set {reading.WorkingSetBytes / 1e6:F1} MB; rejected {counters.RejectedRequests}, failed {counters.FailedRequests}");
            rows.AppendLine(CultureInfo.InvariantCulture,
                $"| {active:N0} | {reading.HeapBytes / 1e6:N1} | {(reading.HeapBytes - baseline.HeapBytes) / (double)active:N0} | {reading.SeriesBytes / (double)active:N0} | {reading.WorkingSetBytes / 1e6:N1} | {(reading.WorkingSetBytes - baseline.WorkingSetBytes) / (double)active:N0} |");
        }

        // Percentile series on top: what they add over the numeric ones is their cost, fixed overhead long paid.
        var percentiles = options.MemoryPercentileSeries;
        var numeric = reading;
        reading = await ActivateAsync(system, sender, new ActiveSeriesSource(0, percentiles, percentiles: true), active + percentiles);
        Console.WriteLine($"  + {percentiles:N0} percentile series: heap {reading.HeapBytes / 1e6:F1} MB, working set {reading.WorkingSetBytes / 1e6:F1} MB; rejected {counters.RejectedRequests}, failed {counters.FailedRequests}");
        var percentileRow = string.Create(CultureInfo.InvariantCulture,
            $"| {active:N0} + {percentiles:N0} | {reading.HeapBytes / 1e6:N1} | {(reading.HeapBytes - numeric.HeapBytes) / (double)percentiles:N0} | {reading.WorkingSetBytes / 1e6:N1} | {(reading.WorkingSetBytes - numeric.WorkingSetBytes) / (double)percentiles:N0} |");

        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"""
            ## 5. Memory per active series

            A silo of its own on a fresh database, with `TSMetrics__Diagnostics__HeapReportInterval={ReportInterval}` (every 5 s it
            forces a full compacting collection and logs the managed heap and the working set). An active series is one
            (test, metric) with variants A and B, 10 metrics per test (so test grains are included, one per 10 series),
            the default window (1 s x 15 min, 1 min x 24 h, 1 h x 7 d, 1 d x 7 d: 900 + 1,440 + 168 + 7 buckets per variant), reached
            into by one request of 570 points per series (per variant: one point per hour over 6.9 days, per minute over
            the last hour, per second over the last minute). Rings allocate chunks of 4 buckets where points land (with room for
            one bucket until a second gets a point), in tables sized by the chunks in use, and keep only the buckets changed since
            the last flush as pending, so a series holds memory for the data it has. Readings {Settle.TotalSeconds:0} s after
            every series' first flush reached storage (its watermark), so the figure leaves out the rows in flight to storage. The series'
            own estimate is what they say their rings, unit totals and recent batch ids hold (as `/cache/info` reports it; grains,
            activations and fixed costs left out). Baseline (silo started, nothing active): heap
            {baseline.HeapBytes / 1e6:N1} MB, working set {baseline.WorkingSetBytes / 1e6:N1} MB. {counters.AcknowledgedRequests:N0} requests acknowledged,
            {counters.RejectedRequests + counters.FailedRequests} rejected or failed.

            | active series | managed heap MB | heap bytes per series | series' own estimate per series | working set MB | working set bytes per series |
            |---|---|---|---|---|---|
            {rows.ToString().TrimEnd()}

            A percentile series is the same shape on a latency-like metric (test "memq_…", metric "latency0_ms"…, which keeps
            percentiles by default), so every bucket also counts its values per quantile bin (1% relative accuracy). Activated
            after the numeric series; the bytes per series are what the heap grew by, divided by the percentile series:

            | active series (numeric + percentile) | managed heap MB | heap bytes per percentile series | working set MB | working set bytes per percentile series |
            |---|---|---|---|---|
            {percentileRow}

            """));

        text.AppendLine().AppendLine(options.Soak ? await new MemorySoak(system, sender, Concurrency).RunAsync(active) :
            "The 10-minute soak is not part of this run: `bash scripts/benchmark.sh --soak` adds it (steady ingest over every active series, heap read each minute).");
        var perUnit = UnitMemoryReading.Describe();
        Console.WriteLine($"  {perUnit}");
        text.AppendLine().AppendLine(perUnit);
        return text.ToString();
    }

    // Sends the source's series their points, waits until every series' first flush reached storage and reads
    // the heap: the first flush of a burst of 570 points per series is a backlog of rollup rows in flight, and
    // the figure is what a series holds once it is flushed, not the queue on the way to storage.
    private static async Task<HeapReading> ActivateAsync(TsMetricsSystem system, IngestSender sender, ActiveSeriesSource source, int totalSeries)
    {
        await BoundedRunner.RunAsync(source, sender, Concurrency, DateTime.MaxValue, CancellationToken.None);
        await WaitForFlushesAsync(system, totalSeries);
        await Task.Delay(Settle);
        return await system.Silo.HeapReportAfterAsync(DateTime.UtcNow, TimeSpan.FromMinutes(2));
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
}
