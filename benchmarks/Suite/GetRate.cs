using System.Diagnostics;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>GET requests per second with a fixed number of concurrent clients, each asking the same path in a loop.</summary>
public static class GetRate
{
    public static async Task<(double PerSecond, long Failed)> MeasureAsync(HttpClient http, string path, int clients, double seconds)
    {
        long done = 0, failed = 0;
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (DateTime.UtcNow < deadline)
            {
                using var response = await http.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                if (response.IsSuccessStatusCode) Interlocked.Increment(ref done);
                else Interlocked.Increment(ref failed);
            }
        })));
        return (done / clock.Elapsed.TotalSeconds, failed);
    }
}
