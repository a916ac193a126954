using System.Net;
using System.Text.Json;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Predecessors;

/// <summary>
/// The FastAPI time-series service's README (shared/predecessors/timeseries-api-fastapi.md): POST /ingest,
/// POST /query (raw, or avg/sum/min/max/count per interval), GET /metrics and GET /cache/info, with the
/// snake_case bodies of its Pydantic models.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FastApiPredecessorTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheServicesOwnIngestExampleWithANumberAndAStringIsStored()
    {
        var response = await fixture.Http.PostJsonAsync("/ingest", """
            {"data": [{"time": "2024-01-15T10:30:00Z", "metric": "temperature", "value": 23.5},
                      {"time": "2024-01-15T10:30:00Z", "metric": "event", "value": "machine_start"}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.ReadJsonAsync()).GetProperty("ingested_count").GetInt32());
        var events = await QueryAsync("""{"metric": "event", "start_time": "2024-01-15T10:30:00Z", "end_time": "2024-01-15T10:30:00Z"}""");
        Assert.Contains(events, p => p.GetProperty("value").GetString() == "machine_start");
    }

    [Fact]
    public async Task IngestedPointsAreQueriedRawAndAggregatedPerInterval()
    {
        var metric = Names.Unique("temperature");
        var hour = DateTime.UtcNow.AddHours(-3);
        hour = new DateTime(hour.Year, hour.Month, hour.Day, hour.Hour, 0, 0, DateTimeKind.Utc);
        var readings = new[] { (0, 20.0), (10, 22.0), (70, 30.0), (80, 34.0), (90, 20.0) };
        var data = string.Join(",", readings.Select(r => $$"""{"time": "{{ApiJson.Iso(hour.AddMinutes(r.Item1))}}", "metric": "{{metric}}", "value": {{r.Item2}}}"""));

        var ingest = await fixture.Http.PostJsonAsync("/ingest", $$"""{"data": [{{data}}]}""");

        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
        var answer = await ingest.ReadJsonAsync();
        Assert.Equal((5, "Successfully ingested 5 data points"), (answer.GetProperty("ingested_count").GetInt32(), answer.GetProperty("message").GetString()));

        var range = $$""" "metric": "{{metric}}", "start_time": "{{ApiJson.Iso(hour)}}", "end_time": "{{ApiJson.Iso(hour.AddMinutes(90))}}" """;
        var raw = await QueryAsync($$"""{{{range}}}""");
        Assert.Equal(readings.Select(r => (hour.AddMinutes(r.Item1), r.Item2)), raw.Select(p => (p.GetProperty("time").GetDateTime().ToUniversalTime(), p.GetProperty("value").GetDouble())));

        foreach (var (aggregation, first, second) in new[] { ("avg", 21.0, 28.0), ("sum", 42.0, 84.0), ("min", 20.0, 20.0), ("max", 22.0, 34.0), ("count", 2.0, 3.0) })
        {
            var buckets = await Eventually.MatchesAsync(
                () => QueryAsync($$"""{{{range}}, "aggregation": "{{aggregation}}", "interval": "1 hour"}"""),
                b => b.Length == 2 && b[1].GetProperty("value").GetDouble() == second, $"the hourly {aggregation}");
            Assert.Equal([(hour, first), (hour.AddHours(1), second)],
                buckets.Select(b => (b.GetProperty("time").GetDateTime().ToUniversalTime(), b.GetProperty("value").GetDouble())));
        }
    }

    [Fact]
    public async Task ARetriedBatchWithTheSameIdempotencyKeyIsStoredOnce()
    {
        var metric = Names.Unique("retried");
        var at = ApiJson.Iso(DateTime.UtcNow.AddSeconds(-30));
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest")
            {
                Content = new StringContent($$"""{"data": [{"time": "{{at}}", "metric": "{{metric}}", "value": 5}]}""", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", $"batch-{metric}");
            var response = await fixture.Http.SendAsync(request);
            Assert.Equal($"batch-{metric}", (await response.ReadJsonAsync()).GetProperty("batch_id").GetString());
        }

        var raw = await QueryAsync($$"""{"metric": "{{metric}}", "start_time": "{{at}}", "end_time": "{{at}}"}""");
        Assert.Single(raw);
    }

    [Fact]
    public async Task BadQueriesAre400sNamingTheFieldAndAnUnknownMetricIs404()
    {
        var now = ApiJson.Iso(DateTime.UtcNow);
        await (await fixture.Http.PostJsonAsync("/query", $$"""{"metric": "m", "start_time": "soon", "end_time": "{{now}}"}""")).AssertRejectedNamingAsync("start_time");
        await (await fixture.Http.PostJsonAsync("/query", $$"""{"metric": "m", "start_time": "{{now}}", "end_time": "{{now}}", "aggregation": "median", "interval": "1 hour"}""")).AssertRejectedNamingAsync("aggregation");
        await (await fixture.Http.PostJsonAsync("/query", $$"""{"metric": "m", "start_time": "{{now}}", "end_time": "{{now}}", "aggregation": "avg", "interval": "1 month"}""")).AssertRejectedNamingAsync("interval");
        await (await fixture.Http.PostJsonAsync("/ingest", """{"data": [{"metric": "m", "value": 1}]}""")).AssertRejectedNamingAsync("data[0].time");

        var unknown = await fixture.Http.PostJsonAsync("/query", $$"""{"metric": "{{Names.Unique("nothing")}}", "start_time": "{{now}}", "end_time": "{{now}}"}""");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task GetMetricsWithoutParametersListsEveryMetricWithItsMetadata()
    {
        var metric = Names.Unique("pressure");
        var at = DateTime.UtcNow.AddSeconds(-10);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.PostJsonAsync("/ingest", $$"""{"data": [{"time": "{{ApiJson.Iso(at)}}", "metric": "{{metric}}", "value": 1013}]}""")).StatusCode);
        await fixture.Http.PutJsonAsync($"/v1/metrics/{metric}", new { unit = "hPa" });

        var listed = await Eventually.MatchesAsync(
            async () => (await fixture.Http.GetJsonAsync("/metrics")).EnumerateArray().FirstOrDefault(m => m.GetProperty("name").GetString() == metric),
            m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("first_seen", out _), "the metric listed with when it was first seen");

        Assert.Equal(("number", "hPa"), (listed.GetProperty("value_type").GetString(), listed.GetProperty("unit").GetString()));
        Assert.True(listed.GetProperty("first_seen").GetDateTime() <= listed.GetProperty("last_seen").GetDateTime());
    }

    [Fact]
    public async Task CacheInfoReportsTheSilosAndTheActiveSeries()
    {
        var metric = Names.Unique("cached");
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.PostJsonAsync("/ingest", $$"""{"data": [{"time": "{{ApiJson.Iso(DateTime.UtcNow)}}", "metric": "{{metric}}", "value": 1}]}""")).StatusCode);

        var info = await fixture.Http.GetJsonAsync("/cache/info");

        Assert.True(info.GetProperty("connected").GetBoolean());
        Assert.Equal(2, info.GetProperty("silos").GetInt32());
        Assert.True(info.GetProperty("active_series").GetInt32() >= 1, info.ToString());
        Assert.True(info.GetProperty("active_grains").GetInt32() >= info.GetProperty("active_series").GetInt32());
        Assert.True(info.GetProperty("memory_used_bytes").GetInt64() > 0, info.ToString());
    }

    [Fact]
    public async Task CacheInfoReportsWhatTheGrainsHoldAndHowOftenMemoryAloneAnswered()
    {
        var test = Names.Unique("cache");
        var now = DateTime.UtcNow;
        var points = Enumerable.Range(0, 30).Select(i =>
            $$"""{"test": "{{test}}", "variant": "{{(i % 2 == 0 ? "A" : "B")}}", "metric": "latency_ms", "value": {{i + 1}}, "userId": "u{{i % 6}}", "timestamp": "{{ApiJson.Iso(now.AddSeconds(-i))}}"}""");
        Assert.True((await fixture.Http.PostJsonAsync("/v1/points", $"[{string.Join(",", points)}]")).IsSuccessStatusCode);
        var before = await fixture.Http.GetJsonAsync("/cache/info");

        await fixture.Http.GetJsonAsync($"/v1/series?test={test}&metric=latency_ms&granularity=1m&from={ApiJson.Iso(now.AddMinutes(-5))}&to={ApiJson.Iso(now.AddMinutes(1))}");
        await fixture.Http.GetJsonAsync($"/v1/series?test={test}&metric=latency_ms&granularity=1h&from={ApiJson.Iso(now.AddDays(-20))}&to={ApiJson.Iso(now.AddMinutes(1))}");
        var after = await fixture.Http.GetJsonAsync("/cache/info");

        // Two variants: 15 seconds of each in the 1-s ring (full chunks of four) and a bucket in every other ring; latency keeps quantile bins.
        Assert.True(after.GetProperty("buckets").GetInt64() >= 2 * 4 * 4, after.ToString());
        Assert.True(after.GetProperty("buckets_with_parts").GetInt64() >= 2 * 4, after.ToString());
        Assert.True(after.GetProperty("units").GetInt64() >= 6, after.ToString());
        Assert.True(after.GetProperty("series_bytes").GetInt64() > 0, after.ToString());
        Assert.True(after.GetProperty("series_read").GetInt32() >= 1, after.ToString());
        Assert.True(after.GetProperty("hits").GetInt64() >= before.GetProperty("hits").GetInt64() + 1, after.ToString());
        Assert.True(after.GetProperty("misses").GetInt64() >= before.GetProperty("misses").GetInt64() + 1, after.ToString());
        Assert.InRange(after.GetProperty("hit_ratio").GetDouble(), 0, 1);
    }

    private async Task<JsonElement[]> QueryAsync(string body)
    {
        var response = await fixture.Http.PostJsonAsync("/query", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).EnumerateArray().ToArray();
    }
}
