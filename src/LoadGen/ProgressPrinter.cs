using System.Diagnostics;

namespace TSMetrics.LoadGen;

/// <summary>Prints one progress line a second while a run goes on.</summary>
public static class ProgressPrinter
{
    public static async Task RunAsync(LoadCounters counters, TextWriter output, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        long lastAcknowledged = 0;
        var lastSeconds = 0.0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var acknowledged = counters.AcknowledgedPoints;
                var seconds = clock.Elapsed.TotalSeconds;
                var rate = (acknowledged - lastAcknowledged) / (seconds - lastSeconds);
                (lastAcknowledged, lastSeconds) = (acknowledged, seconds);
                output.WriteLine($"{seconds,6:F0} s  sent {counters.SentPoints,12:N0}  acknowledged {acknowledged,12:N0}  " +
                                 $"rejected {counters.RejectedRequests:N0}  failed {counters.FailedRequests:N0}  {rate,10:N0} points/s  in flight {counters.InFlight}");
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }
}
