using System.Diagnostics.Metrics;
using TSMetrics.Gateway.Api.Live;

namespace TSMetrics.Gateway.Api.Hosting;

/// <summary>The gateway's own instruments on the meter <see cref="MeterName"/> (refusals are counted by RejectionCounters).</summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "TSMetrics.Gateway";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _acknowledgedPoints;

    public GatewayMetrics(LiveHub live)
    {
        _acknowledgedPoints = _meter.CreateCounter<long>("tsmetrics.ingest.acknowledged_points", "{point}", "Points acknowledged as durable");
        _meter.CreateObservableUpDownCounter("tsmetrics.live.subscribers", () => live.ListenerCount, "{subscriber}",
            "Live clients (SSE and WebSocket) of this gateway");
    }

    public void Acknowledged(int points) => _acknowledgedPoints.Add(points);

    public void Dispose() => _meter.Dispose();
}
