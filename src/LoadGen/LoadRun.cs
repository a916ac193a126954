using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace TSMetrics.LoadGen;

/// <summary>
/// Posts batches at full speed with a fixed number of requests in flight, while one client asks a live
/// series query in a loop; reports acknowledged points per second and latency percentiles of both.
/// </summary>
public static class LoadRun
{
    public static async Task<LoadReport> RunAsync(LoadSettings settings)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Concurrency + 4 }) { BaseAddress = settings.Url };
        var bodies = Enumerable.Range(0, settings.Series).Select(s => Body(settings, s)).ToArray();
        var ingestLatencies = new List<double>[settings.Concurrency];
        long accepted = 0, rejected = 0, failed = 0;
        var stop = DateTime.UtcNow.AddSeconds(settings.Seconds);
        var clock = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;

        var workers = Enumerable.Range(0, settings.Concurrency).Select(async w =>
        {
            var latencies = ingestLatencies[w] = [];
            for (var i = w; DateTime.UtcNow < stop; i += settings.Concurrency)
            {
                var started = Stopwatch.GetTimestamp();
                using var content = new ByteArrayContent(bodies[i % bodies.Length]);
                content.Headers.ContentType = new("application/json");
                try
                {
                    using var response = await http.PostAsync("/v1/points", content);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (response.IsSuccessStatusCode) Interlocked.Add(ref accepted, settings.BatchSize);
                    else Interlocked.Increment(ref rejected);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }).ToList();

        var queryLatencies = new List<double>();
        var querier = Task.Run(async () =>
        {
            await Task.Delay(1_000);
            while (DateTime.UtcNow < stop)
            {
                var started = Stopwatch.GetTimestamp();
                var from = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds();
                using var response = await http.GetAsync($"/v1/series?test={settings.RunId}_0&metric=latency&granularity=1s&from={from}");
                if (response.IsSuccessStatusCode) queryLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                await Task.Delay(20);
            }
        });

        await Task.WhenAll(workers);
        await querier;
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = ingestLatencies.SelectMany(l => l).ToList();
        return new LoadReport(
            accepted, rejected, failed, elapsed, accepted / elapsed,
            Percentile(all, 0.50), Percentile(all, 0.99),
            queryLatencies.Count, Percentile(queryLatencies, 0.50), Percentile(queryLatencies, 0.99),
            (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
    }

    // One body per series: a 1,000-point batch of one (test, metric) across two variants, stamped by the
    // server on receipt, so the bytes can be sent again and again without client-side work. The compact
    // shape sends [timestamp, value] pairs of one variant (alternating by series) under batch-level names.
    private static byte[] Body(LoadSettings settings, int series)
    {
        if (settings.Compact) return CompactBody(settings, series);
        var rng = new Random(series);
        var json = new StringBuilder($$"""{"test":"{{settings.RunId}}_{{series % 10}}","metric":"{{(series < 10 ? "latency" : $"m{series}")}}","points":[""");
        for (var i = 0; i < settings.BatchSize; i++)
        {
            if (i > 0) json.Append(',');
            var value = Math.Round(50 + rng.NextDouble() * 100, 3).ToString(CultureInfo.InvariantCulture);
            json.Append(settings.WithUsers
                ? $$"""{"variant":"{{(i % 2 == 0 ? "A" : "B")}}","value":{{value}},"userId":"u{{rng.Next(100_000)}}"}"""
                : $$"""{"variant":"{{(i % 2 == 0 ? "A" : "B")}}","value":{{value}}}""");
        }

        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }

    private static byte[] CompactBody(LoadSettings settings, int series)
    {
        var rng = new Random(series);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var json = new StringBuilder($$"""{"test":"{{settings.RunId}}_{{series % 10}}","metric":"{{(series < 10 ? "latency" : $"m{series}")}}","variant":"{{(series % 2 == 0 ? "A" : "B")}}","points":[""");
        for (var i = 0; i < settings.BatchSize; i++)
        {
            if (i > 0) json.Append(',');
            json.Append(CultureInfo.InvariantCulture, $"[{now:F3},{Math.Round(50 + rng.NextDouble() * 100, 3)}]");
        }

        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }

    private static double Percentile(List<double> values, double quantile)
    {
        if (values.Count == 0) return double.NaN;
        values.Sort();
        return values[Math.Min(values.Count - 1, (int)Math.Ceiling(quantile * values.Count) - 1)];
    }
}
