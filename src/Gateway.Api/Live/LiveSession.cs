using TSMetrics.Gateway.Api.Comparisons;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics;

namespace TSMetrics.Gateway.Api.Live;

/// <summary>
/// One live client, whatever the transport: the current comparison at once, then a new one whenever the
/// test's numbers change, and the points too when asked. Transports give it a send function.
/// </summary>
public sealed class LiveSession(LiveHub hub, IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan PointsLease = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public async Task RunAsync(string test, ComparisonSettings settings, bool withPoints, Func<LiveMessage?, Task> send, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<ITestGrain>(test);
        var listener = await hub.ListenAsync(test, cancellationToken);
        try
        {
            var leaseRenewal = time.GetUtcNow();
            if (withPoints) await grain.RequestPointsAsync(PointsLease, cancellationToken);
            var lastTime = long.MinValue;
            await SendAsync(await grain.GetSnapshotAsync(cancellationToken));

            while (!cancellationToken.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(KeepAlive);
                TestSnapshot snapshot;
                try
                {
                    snapshot = await listener.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await send(null); // keep-alive, so proxies and clients know the connection is up
                    // A quiet stream may also be a lost subscription (a silo restarted): ask the grain directly.
                    await SendAsync(await grain.GetSnapshotAsync(cancellationToken));
                    continue;
                }

                if (withPoints && time.GetUtcNow() - leaseRenewal > PointsLease / 2)
                {
                    leaseRenewal = time.GetUtcNow();
                    await grain.RequestPointsAsync(PointsLease, cancellationToken);
                }

                await SendAsync(snapshot);
            }

            async Task SendAsync(TestSnapshot snapshot)
            {
                // Snapshot time, not version, orders snapshots: versions restart when the test grain moves.
                if (snapshot.WindowToMicros <= lastTime) return;
                lastTime = snapshot.WindowToMicros;
                if (snapshot.Metrics.Length > 0)
                    await send(new LiveMessage("comparison", snapshot.Version, Analyze(snapshot, settings)));
                if (withPoints && snapshot.Points.Length > 0)
                    await send(new LiveMessage("points", snapshot.Version, snapshot.Points.Select(ToDto).ToArray()));
            }
        }
        finally
        {
            await hub.LeaveAsync(test, listener);
        }
    }

    private static ExperimentAnalysis Analyze(TestSnapshot snapshot, ComparisonSettings settings) =>
        ComparisonBuilder.Build(snapshot.Test, snapshot.Definition, snapshot.Metrics, snapshot.WindowFromMicros, snapshot.WindowToMicros, settings);

    private static LivePointDto ToDto(LivePoint point) =>
        new(point.Metric, point.Variant, point.UnixMicros / (double)UnixTime.MicrosPerSecond, point.Value);
}
