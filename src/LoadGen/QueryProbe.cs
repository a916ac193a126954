using System.Diagnostics;

namespace TSMetrics.LoadGen;

/// <summary>
/// Times the reads a dashboard makes while load runs: the live series of the first test (1 s buckets, last
/// 5 minutes) and its comparison, each asked in a loop with a short pause.
/// </summary>
public sealed class QueryProbe(HttpClient http, TrafficModel model)
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50);

    public LatencyRecorder Series { get; } = new();

    public LatencyRecorder Comparison { get; } = new();

    public Task RunAsync(CancellationToken stop) => Task.WhenAll(
        LoopAsync(Series, () => $"/v1/series?test={model.Tests[0]}&metric={model.Metrics[0]}&granularity=1s&from={DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds()}", stop),
        LoopAsync(Comparison, () => $"/v1/tests/{model.Tests[0]}/comparison", stop));

    private async Task LoopAsync(LatencyRecorder latencies, Func<string> path, CancellationToken stop)
    {
        try
        {
            // Let the first points arrive, so the query has a series to read.
            await Task.Delay(TimeSpan.FromSeconds(1), stop);
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(path(), stop);
                await response.Content.ReadAsByteArrayAsync(stop);
                if (response.IsSuccessStatusCode) latencies.Add(Stopwatch.GetElapsedTime(started));
                await Task.Delay(Pause, stop);
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }
}
