using System.Net;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

/// <summary>The gateway's meters are scrapeable at /prometheus, and the predecessor's /metrics is still its API.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PrometheusEndpointTests(ClusterFixture fixture)
{
    [Fact]
    public async Task PrometheusScrapesTheGatewaysOwnMetersBesideTheUntouchedMetricsApi()
    {
        var test = Names.Unique("prom");
        var ingest = await fixture.Http.PostJsonAsync("/v1/points", $$"""{"test": "{{test}}", "metric": "m", "variant": "A", "points": [[null, 1]]}""");
        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
        await fixture.Http.PostJsonAsync("/v1/points", """{"metric": "m", "value": "x"}"""); // one refusal

        var text = await Eventually.MatchesAsync(() => fixture.Http.GetStringAsync("/prometheus"),
            body => body.Contains("tsmetrics_ingest_acknowledged_points", StringComparison.Ordinal)
                && body.Contains("tsmetrics_ingest_rejected_points", StringComparison.Ordinal),
            "the gateway's counters in the scrape");

        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        var legacy = await fixture.Http.GetJsonAsync($"/metrics?abTestName={test}&metricName=m");
        Assert.Equal(test, legacy.GetProperty("abTest").GetString());
    }
}
