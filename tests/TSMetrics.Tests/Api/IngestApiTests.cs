using System.Net;
using System.Text;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

[Collection(ClusterCollection.Name)]
public sealed class IngestApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task APostedPointComesBackAsLiveBucketsAndAsARawPointWithItsTags()
    {
        var test = Names.Unique("checkout");
        var at = DateTime.UtcNow.AddSeconds(-5);
        var response = await fixture.Http.PostJsonAsync("/v1/points", $$"""
            {"test": "{{test}}", "variant": "B", "metric": "response_time", "value": 93.1,
             "timestamp": "{{ApiJson.Iso(at)}}", "userId": "u-1842", "tags": {"host": "web-3"} }
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.ReadJsonAsync()).GetProperty("accepted").GetInt32());

        var series = await fixture.Http.GetJsonAsync($"/v1/series?test={test}&metric=response_time&granularity=1m&from={ApiJson.Iso(at.AddMinutes(-1))}");
        var bucket = series.GetProperty("variants")[0].GetProperty("buckets")[0];
        Assert.Equal("B", series.GetProperty("variants")[0].GetProperty("variant").GetString());
        Assert.Equal(1, bucket.GetProperty("count").GetInt64());
        Assert.Equal(93.1, bucket.GetProperty("avg").GetDouble());

        // Both ends inclusive: a range of one instant finds the point.
        var raw = await fixture.Http.GetJsonAsync($"/v1/points?test={test}&metric=response_time&from={ApiJson.Iso(at)}&to={ApiJson.Iso(at)}");
        var point = raw.GetProperty("points")[0];
        Assert.Equal(1, raw.GetProperty("count").GetInt32());
        Assert.Equal(93.1, point.GetProperty("value").GetDouble());
        Assert.Equal("u-1842", point.GetProperty("userId").GetString());
        Assert.Equal("web-3", point.GetProperty("tags").GetProperty("host").GetString());
    }

    [Fact]
    public async Task ABatchWithOneBadPointIsRejectedWholeNamingTheIndexAndNothingIsStored()
    {
        var test = Names.Unique("t");
        var response = await fixture.Http.PostJsonAsync("/v1/points", $$"""
            [{"test": "{{test}}", "variant": "A", "metric": "m", "value": 1},
             {"test": "{{test}}", "variant": "A", "metric": "m", "value": 2},
             {"test": "{{test}}", "variant": "", "metric": "m", "value": 3}]
            """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty("points[2].variant", out _));
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.point_batches WHERE test = $1", test));
    }

    [Fact]
    public async Task ACompactBatchStoresEveryPointUnderTheBatchsSeries()
    {
        var test = Names.Unique("t");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var pairs = string.Join(",", Enumerable.Range(0, 1_000).Select(i => $"[{now - i * 0.01:F3}, {i}]"));

        var response = await fixture.Http.PostJsonAsync("/v1/points", $$"""{"test": "{{test}}", "metric": "m", "variant": "A", "points": [{{pairs}}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1_000, await fixture.Database.ScalarAsync("SELECT sum(point_count) FROM tsm.point_batches WHERE test = $1", test));
    }

    [Fact]
    public async Task ABatchSpanningSeveralSeriesIsStoredPerSeries()
    {
        var test = Names.Unique("t");
        var body = string.Join(",", Enumerable.Range(0, 300).Select(i => $$"""{"test": "{{test}}", "variant": "{{(i % 2 == 0 ? "A" : "B")}}", "metric": "m{{i % 3}}", "value": {{i}}}"""));

        var response = await fixture.Http.PostJsonAsync("/v1/points", $"[{body}]");

        var answer = await response.ReadJsonAsync();
        Assert.Equal((300, 3), (answer.GetProperty("accepted").GetInt32(), answer.GetProperty("series").GetInt32()));
        Assert.Equal(3, await fixture.Database.ScalarAsync("SELECT count(DISTINCT metric) FROM tsm.point_batches WHERE test = $1", test));
    }

    [Fact]
    public async Task ABodyOverTheSizeLimitGets413WithProblemDetails()
    {
        var huge = new StringBuilder("[");
        var point = """{"metric": "m", "value": 1, "tags": {"padding": "0123456789012345678901234567890123456789"}},""";
        while (huge.Length < 17 * 1024 * 1024) huge.Append(point);
        huge.Append("""{"metric": "m", "value": 1}]""");

        var response = await fixture.Http.PostJsonAsync("/v1/points", huge.ToString());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("body", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task BrokenJsonGets400NamingTheBody()
    {
        var response = await fixture.Http.PostJsonAsync("/v1/points", """{"metric": "m", "value": """);

        await response.AssertRejectedNamingAsync("body");
    }
}
