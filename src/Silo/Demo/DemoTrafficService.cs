using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Silo.Demo;

/// <summary>Posts live demo points to the demo series through the grains, every interval, from the demo tests' users.</summary>
public sealed partial class DemoTrafficService(
    IGrainFactory grains,
    IOptions<DemoOptions> options,
    TimeProvider time,
    ILogger<DemoTrafficService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.LiveTraffic) return;
        var rng = new Random();
        using var timer = new PeriodicTimer(settings.TrafficInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PostRoundAsync(settings.PointsPerRound, rng, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRoundFailed(logger, exception);
            }
        }
    }

    private Task PostRoundAsync(int pointsPerVariant, Random rng, CancellationToken cancellationToken)
    {
        var now = UnixTime.ToMicros(time.GetUtcNow());
        var calls = new List<Task>(DemoSeries.All.Count);
        foreach (var series in DemoSeries.All)
        {
            var points = new SeriesPoint[series.Variants.Length * pointsPerVariant];
            for (var i = 0; i < points.Length; i++)
            {
                var variant = i % series.Variants.Length;
                // The same users as the seeded history, each in their own variant, with their own level.
                var (user, value) = series.Next(variant, rng);
                points[i] = new SeriesPoint(now - rng.NextInt64(300_000), value, variant, user < 0 ? null : series.Users!.Id(user));
            }

            calls.Add(grains.GetGrain<ISeriesGrain>(series.Key.ToGrainKey()).IngestAsync(new PointBatch(series.Variants, points), cancellationToken));
        }

        return Task.WhenAll(calls);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A round of demo traffic failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
