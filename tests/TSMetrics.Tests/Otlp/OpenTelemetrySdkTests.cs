using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;
using TSMetrics.Tests.Security;

namespace TSMetrics.Tests.Otlp;

/// <summary>A service instrumented with plain System.Diagnostics.Metrics and the OpenTelemetry SDK, no TSMetrics code.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OpenTelemetrySdkTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AServiceInstrumentedWithPlainOpenTelemetryShowsUpInAComparison()
    {
        await using var gateway = OtlpGateway.Start(fixture);
        var test = Names.Unique("otel");
        var orders = Names.Unique("orders");
        var latency = Names.Unique("latency");
        var depth = Names.Unique("depth");
        using var meter = new Meter(Names.Unique("shop"));
        var counter = meter.CreateCounter<long>(orders);
        var histogram = meter.CreateHistogram<double>(latency);
        meter.CreateObservableGauge(depth, () => 7.5);
        using var provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(resource => resource.AddService("shop"))
            .AddMeter(meter.Name)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = new Uri($"http://127.0.0.1:{gateway.OtlpPort}/v1/metrics");
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                exporter.Headers = $"X-Api-Key={SecuredGateway.BootstrapKey}";
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Delta;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000; // only ForceFlush exports
            })
            .Build();

        // 30 users per variant, one order count each: A 1, 2, 3, 1, ... (mean 2), B 2, 3, 4, ... (mean 3).
        for (var user = 0; user < 60; user++)
        {
            var variant = user % 2 == 0 ? "A" : "B";
            var count = user / 2 % 3 + (variant == "A" ? 1 : 2);
            counter.Add(count, new("feature_flag.key", test), new("feature_flag.result.variant", variant), new("user.id", $"u{user}"));
            histogram.Record(12.5, new KeyValuePair<string, object?>("feature_flag.key", test), new("feature_flag.result.variant", variant));
        }

        Assert.True(provider.ForceFlush(30_000), "the OTLP export failed");

        var analysis = await gateway.Api.GetJsonAsync($"/v1/tests/{test}/comparison?last=1h");
        var metric = ComparisonApiTests.Metric(analysis, orders);
        var variants = metric.GetProperty("variants").EnumerateArray().ToDictionary(v => v.GetProperty("variant").GetString()!);
        Assert.Equal((30L, 2.0), (variants["A"].GetProperty("n").GetInt64(), variants["A"].GetProperty("mean").GetDouble()));
        Assert.Equal((30L, 3.0), (variants["B"].GetProperty("n").GetInt64(), variants["B"].GetProperty("mean").GetDouble()));
        // The histogram is one summary point per variant and export, counting its 30 values (OpenTelemetryHistogramTests).
        var histogramVariants = ComparisonApiTests.Metric(analysis, latency).GetProperty("variants").EnumerateArray().ToList();
        Assert.All(histogramVariants, v => Assert.Equal((30L, 12.5), (v.GetProperty("n").GetInt64(), v.GetProperty("mean").GetDouble())));
        Assert.Equal(62L, await fixture.Database.StoredPointsAsync(test));

        // The gauge carries no feature flag: a plain metric, stored with the value observed.
        var plain = await gateway.Api.GetJsonAsync($"/v1/points?metric={depth}&from={DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds()}");
        Assert.Equal([7.5], plain.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));
    }
}
