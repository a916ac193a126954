using TSMetrics.Gateway.Api.Contracts;
using System.Runtime.CompilerServices;
using TSMetrics.Gateway.Api.Comparisons;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics;

namespace TSMetrics.Gateway.Api.Live;

/// <summary>
/// One live client, whatever the transport: the current comparison at once, then a new one whenever the
/// test's numbers change, and the points too when asked. Transports enumerate its messages; null is a
/// keep-alive (nothing changed for a while).
/// </summary>
public sealed class LiveSession(LiveHub hub, IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan PointsLease = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public async IAsyncEnumerable<LiveMessage?> RunAsync(
        string test, ComparisonSettings settings, bool withPoints, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<ITestGrain>(test);
        var listener = await hub.ListenAsync(test, cancellationToken);
        try
        {
            var leaseRenewal = time.GetUtcNow();
            if (withPoints) await grain.RequestPointsAsync(PointsLease, cancellationToken);
            var snapshot = await grain.GetSnapshotAsync(cancellationToken);
            var lastTime = long.MinValue;
            while (true)
            {
                // Snapshot time, not version, orders snapshots: versions restart when the test grain moves.
                if (snapshot.WindowToMicros > lastTime)
                {
                    lastTime = snapshot.WindowToMicros;
                    if (snapshot.Metrics.Length > 0) yield return new LiveMessage("comparison", snapshot.Version, Analyze(snapshot, settings));
                    if (withPoints && snapshot.Points.Length > 0)
                        yield return new LiveMessage("points", snapshot.Version, snapshot.Points.Select(ToDto).ToArray());
                }

                var next = await NextAsync(listener, cancellationToken);
                if (next is null)
                {
                    yield return null; // keep-alive, so proxies and clients know the connection is up
                    // A quiet stream may also be a lost subscription (a silo restarted): ask the grain directly.
                    snapshot = await grain.GetSnapshotAsync(cancellationToken);
                    continue;
                }

                if (withPoints && time.GetUtcNow() - leaseRenewal > PointsLease / 2)
                {
                    leaseRenewal = time.GetUtcNow();
                    await grain.RequestPointsAsync(PointsLease, cancellationToken);
                }

                snapshot = next;
            }
        }
        finally
        {
            await hub.LeaveAsync(test, listener);
        }
    }

    /// <summary>The next pushed snapshot, or null when none came within the keep-alive time.</summary>
    private static async Task<TestSnapshot?> NextAsync(System.Threading.Channels.ChannelReader<TestSnapshot> listener, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(KeepAlive);
        try
        {
            return await listener.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static ExperimentAnalysis Analyze(TestSnapshot snapshot, ComparisonSettings settings) =>
        ComparisonBuilder.Build(snapshot.Test, snapshot.Definition, snapshot.Metrics, snapshot.WindowFromMicros, snapshot.WindowToMicros, settings);

    private static LivePointDto ToDto(LivePoint point) =>
        new(point.Metric, point.Variant, point.UnixMicros / (double)UnixTime.MicrosPerSecond, PointValue.Of(point.Value, point.Category),
            point.Summary?.Count, point.Summary?.Min, point.Summary?.Max);
}
