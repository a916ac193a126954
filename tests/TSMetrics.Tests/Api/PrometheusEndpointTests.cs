using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

/// <summary>
/// The gateway's meters are scrapeable at /prometheus, and the predecessor's /metrics is still its API; traces
/// are recorded only where they can go (an OTLP endpoint) or when asked.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PrometheusEndpointTests(ClusterFixture fixture)
{
    [Fact]
    public async Task PrometheusScrapesTheGatewaysOwnMetersBesideTheUntouchedMetricsApi()
    {
        var test = Names.Unique("prom");
        var ingest = await fixture.Http.PostJsonAsync("/v1/points", $$"""{"test": "{{test}}", "metric": "m", "variant": "A", "points": [[null, 1]]}""");
        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
        await fixture.Http.PostJsonAsync("/v1/points", """{"metric": "m", "value": true}"""); // one refusal

        var text = await Eventually.MatchesAsync(() => fixture.Http.GetStringAsync("/prometheus"),
            body => body.Contains("tsmetrics_ingest_acknowledged_points", StringComparison.Ordinal)
                && body.Contains("tsmetrics_ingest_rejected_points", StringComparison.Ordinal),
            "the gateway's counters in the scrape");

        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        var legacy = await fixture.Http.GetJsonAsync($"/metrics?abTestName={test}&metricName=m");
        Assert.Equal(test, legacy.GetProperty("abTest").GetString());
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("http://127.0.0.1:1", null, true)]
    [InlineData("http://127.0.0.1:1", "false", false)]
    [InlineData(null, "true", true)]
    public async Task TracesAreRecordedWhenAnOtlpEndpointIsSetOrTracingIsAskedFor(string? otlpEndpoint, string? tracing, bool traced)
    {
        var settings = new Dictionary<string, string>();
        if (otlpEndpoint is not null) settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
        if (tracing is not null) settings["TSMetrics:Telemetry:Tracing"] = tracing;
        await using var gateway = fixture.CreateGateway(settings);
        using var http = gateway.CreateClient();

        var ingest = await http.PostJsonAsync("/v1/points", $$"""{"metric": "{{Names.Unique("m")}}", "value": 1}""");

        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode); // an unreachable collector never fails a request
        Assert.Equal(traced, gateway.Services.GetService<TracerProvider>() is not null);
    }
}
