using System.Net;
using System.Text.Json;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Predecessors;

/// <summary>The .NET TSMetrics API's README (shared/predecessors/tsmetrics-dotnet.md): GET /metrics, its example query and answer.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DotNetPredecessorTests(ClusterFixture fixture)
{
    private const string ReadmeQuery = "/metrics?abTestName=feature_a&metricName=response_time&start=2025-10-13T12:00:00Z&end=2025-11-11T12:00:00Z&granularity=5m";
    private static readonly string[] ReadmeKeys = ["abTest", "metric", "unit", "skip", "limit", "count", "isComplete", "datapoints"];

    [Fact]
    public async Task TheReadmeQueryAsWrittenAnswersEveryKeyOfTheExampleWithUnitNullWhenTheMetricHasNone()
    {
        var answer = await fixture.Http.GetJsonAsync(ReadmeQuery);

        Assert.Equal(ReadmeKeys, answer.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("unit").ValueKind);
        Assert.Equal(("feature_a", "response_time"), (answer.GetProperty("abTest").GetString(), answer.GetProperty("metric").GetString()));
    }

    [Fact]
    public async Task RecentPointsComeBackInTheExamplesShapeWithTheDefinedUnit()
    {
        var test = Names.Unique("feature_a");
        var start = DateTime.UtcNow.AddMinutes(-20);
        start = new DateTime(start.Ticks - start.Ticks % TimeSpan.FromMinutes(5).Ticks, DateTimeKind.Utc);
        await fixture.Http.PutJsonAsync($"/v1/tests/{test}/metrics/response_time", new { unit = "ms", direction = "lower" });
        var points = string.Join(",", new[] { (0, 30.0), (1, 150.0), (6, 90.0), (7, 100.0) }
            .Select(p => $$"""{"variant": "{{(p.Item1 % 2 == 0 ? "A" : "B")}}", "value": {{p.Item2}}, "timestamp": "{{ApiJson.Iso(start.AddMinutes(p.Item1))}}"}"""));
        var stored = await fixture.Http.PostJsonAsync("/v1/points", $$"""{"test": "{{test}}", "metric": "response_time", "points": [{{points}}]}""");
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);

        var answer = await fixture.Http.GetJsonAsync(
            $"/metrics?abTestName={test}&metricName=response_time&start={ApiJson.Iso(start)}&end={ApiJson.Iso(start.AddMinutes(10))}&granularity=5m&limit=2");

        Assert.Equal(ReadmeKeys, answer.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ms", answer.GetProperty("unit").GetString());
        Assert.Equal((2, 2, true), (answer.GetProperty("limit").GetInt32(), answer.GetProperty("count").GetInt32(), answer.GetProperty("isComplete").GetBoolean()));
        var datapoints = answer.GetProperty("datapoints").EnumerateArray().ToArray();
        Assert.Equal(new DateTimeOffset(start).ToUnixTimeSeconds(), datapoints[0].GetProperty("t").GetInt64());
        Assert.Equal((90.0, 30.0, 150.0), (datapoints[0].GetProperty("a").GetDouble(), datapoints[0].GetProperty("l").GetDouble(), datapoints[0].GetProperty("h").GetDouble()));
        Assert.Equal((95.0, 90.0, 100.0), (datapoints[1].GetProperty("a").GetDouble(), datapoints[1].GetProperty("l").GetDouble(), datapoints[1].GetProperty("h").GetDouble()));
    }

    [Fact]
    public async Task TheReadmeQueryAsWrittenAnswersTheExamplesDatapoints()
    {
        // The README's example answer: two 5-minute buckets of November 2025, unit ms.
        await fixture.Http.PutJsonAsync("/v1/tests/feature_a/metrics/response_time", new { unit = "ms" });
        var stored = await fixture.Http.PostJsonAsync("/v1/points", """
            {"test": "feature_a", "variant": "A", "metric": "response_time", "points": [
              [1762689900, 33.062], [1762689960, 149.858], [1762690020, 112.874],
              [1762690200, 30.614], [1762690260, 144.186], [1762690320, 90.598]]}
            """);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);

        var answer = await fixture.Http.GetJsonAsync(ReadmeQuery + "&limit=2");

        Assert.Equal("ms", answer.GetProperty("unit").GetString());
        var datapoints = answer.GetProperty("datapoints").EnumerateArray().ToArray();
        Assert.Equal([1762689900L, 1762690200L], datapoints.Select(d => d.GetProperty("t").GetInt64()));
        Assert.Equal((98.598, 33.062, 149.858), (datapoints[0].GetProperty("a").GetDouble(), datapoints[0].GetProperty("l").GetDouble(), datapoints[0].GetProperty("h").GetDouble()));
        Assert.Equal((88.466, 30.614, 144.186), (datapoints[1].GetProperty("a").GetDouble(), datapoints[1].GetProperty("l").GetDouble(), datapoints[1].GetProperty("h").GetDouble()));
    }
}
