using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using TSMetrics.Grains;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Cluster;

/// <summary>
/// The silo's series instruments (meter TSMetrics.Grains, exported to Prometheus and OTLP) report after
/// ingest: flush duration per flush, flush lag, active series, units and the memory estimate. Other tests
/// share the silos, so the figures are asserted as at least what this test put there.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SeriesInstrumentsTests(ClusterFixture fixture)
{
    private const int Users = 40;

    [Fact]
    public async Task AfterIngestTheSeriesInstrumentsReportFlushesSeriesUnitsAndMemory()
    {
        var latest = new ConcurrentDictionary<string, double>();
        var flushes = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GrainsTelemetry.Name && instrument.Name.StartsWith("tsmetrics.series.", StringComparison.Ordinal))
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "tsmetrics.series.flush.duration") Interlocked.Increment(ref flushes);
            latest[instrument.Name] = value;
        });
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => latest[instrument.Name] = value);
        listener.Start();

        var test = Names.Unique("instr");
        var points = string.Join(",", Enumerable.Range(0, Users).Select(u => $$"""{"value": {{u}}, "userId": "u{{u}}"}"""));
        var ingest = await fixture.Http.PostJsonAsync("/v1/points", $$"""{"test": "{{test}}", "metric": "m", "variant": "A", "points": [{{points}}]}""");
        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);

        await Eventually.MatchesAsync(() =>
            {
                listener.RecordObservableInstruments();
                return Task.FromResult(Volatile.Read(ref flushes));
            },
            count => count > 0 && latest.GetValueOrDefault("tsmetrics.series.units") >= Users, "a flush of the new series and its units in the gauges");

        Assert.True(latest["tsmetrics.series.flush.duration"] >= 0);
        Assert.True(latest["tsmetrics.series.active"] >= 1, $"active series: {latest["tsmetrics.series.active"]}");
        // One series with points in every tier holds at least one chunk per tier and its units.
        Assert.True(latest["tsmetrics.series.memory.usage"] >= 4 * 100 + Users * 36, $"memory: {latest["tsmetrics.series.memory.usage"]}");
        Assert.True(latest["tsmetrics.series.memory.per_series"] > 0);
        Assert.True(latest.ContainsKey("tsmetrics.series.flush.lag"), "the flush lag gauge reported");
    }
}
