using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace TSMetrics.Grains.Alerts;

/// <summary>
/// When a silo becomes active, activates the alert grains of recently active tests and of tests with
/// deliveries pending: a silent test sends no snapshot that would activate them, yet silence is what they
/// watch for. Every silo does it; a grain already active just answers.
/// </summary>
public sealed partial class AlertWakeUp(
    IGrainFactory grains, WebhookStore store, IOptions<LiveViewOptions> live, TimeProvider time, ILogger<AlertWakeUp> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(AlertWakeUp), ServiceLifecycleStage.Active, _ =>
        {
            WakeAsync().Ignore(); // the silo need not wait for it
            return Task.CompletedTask;
        });

    private async Task WakeAsync()
    {
        try
        {
            var since = time.GetUtcNow().UtcDateTime - live.Value.Window;
            var tests = await store.TestsToWakeAsync(since, CancellationToken.None);
            foreach (var chunk in tests.Chunk(32))
                await Task.WhenAll(chunk.Select(test => grains.GetGrain<TSMetrics.Grains.Interfaces.IAlertGrain>(test).WakeAsync()));
            LogWoken(logger, tests.Count);
        }
        catch (Exception exception)
        {
            LogWakeFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Activated the alert grains of {Count} tests")]
    private static partial void LogWoken(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activating alert grains at start-up failed; they activate with the next snapshot of their test")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception);
}
