using System.Net;
using System.Text.Json;
using Npgsql;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

[Collection(ClusterCollection.Name)]
public sealed class QueryApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ThePredecessorsMetricsRouteAnswersInItsShapeAveragingByCountNotByVariant()
    {
        var test = Names.Unique("feature_a");
        var at = DateTime.UtcNow.AddSeconds(-2);
        await Post($$"""
            [{"test": "{{test}}", "variant": "A", "metric": "response_time", "value": 10, "timestamp": "{{ApiJson.Iso(at)}}"},
             {"test": "{{test}}", "variant": "B", "metric": "response_time", "value": 20, "timestamp": "{{ApiJson.Iso(at)}}"},
             {"test": "{{test}}", "variant": "B", "metric": "response_time", "value": 20, "timestamp": "{{ApiJson.Iso(at)}}"},
             {"test": "{{test}}", "variant": "B", "metric": "response_time", "value": 20.0004, "timestamp": "{{ApiJson.Iso(at)}}"}]
            """);
        await fixture.Http.PutJsonAsync($"/v1/tests/{test}/metrics/response_time", new { unit = "ms", direction = "lower" });

        var answer = await fixture.Http.GetJsonAsync(
            $"/metrics?abTestName={test}&metricName=response_time&start={ApiJson.Iso(at.AddHours(-1))}&end={ApiJson.Iso(at.AddMinutes(1))}&granularity=5m");

        Assert.Equal(test, answer.GetProperty("abTest").GetString());
        Assert.Equal("response_time", answer.GetProperty("metric").GetString());
        Assert.Equal("ms", answer.GetProperty("unit").GetString());
        Assert.True(answer.GetProperty("isComplete").GetBoolean());
        var point = answer.GetProperty("datapoints")[0];
        Assert.Equal(new[] { "t", "a", "l", "h" }, point.EnumerateObject().Select(p => p.Name));
        Assert.Equal(17.5, point.GetProperty("a").GetDouble()); // (10 + 3 x 20) / 4, not (10 + 20) / 2
        Assert.Equal(10, point.GetProperty("l").GetDouble());
        Assert.Equal(20, point.GetProperty("h").GetDouble()); // trimmed to 3 decimals
        Assert.Equal(0, point.GetProperty("t").GetInt64() % 300);

        var onlyA = await fixture.Http.GetJsonAsync($"/metrics?abTest={test}&metric=response_time&variant=A&start={ApiJson.Iso(at.AddHours(-1))}");
        Assert.Equal(10, onlyA.GetProperty("datapoints")[0].GetProperty("a").GetDouble());
    }

    [Fact]
    public async Task PagingSaysMoreDataExistsWithoutCountingIt()
    {
        var test = Names.Unique("t");
        var now = DateTime.UtcNow;
        var points = string.Join(",", Enumerable.Range(1, 5).Select(i =>
            $$"""{"test": "{{test}}", "variant": "A", "metric": "m", "value": {{i}}, "timestamp": "{{ApiJson.Iso(now.AddMinutes(-i))}}"}"""));
        await Post($"[{points}]");

        var first = await fixture.Http.GetJsonAsync($"/metrics?abTestName={test}&metricName=m&start={ApiJson.Iso(now.AddMinutes(-10))}&granularity=1m&limit=2");
        var last = await fixture.Http.GetJsonAsync($"/metrics?abTestName={test}&metricName=m&start={ApiJson.Iso(now.AddMinutes(-10))}&granularity=1m&limit=2&skip=4");

        Assert.Equal((2, false), (first.GetProperty("count").GetInt32(), first.GetProperty("isComplete").GetBoolean()));
        Assert.Equal((1, true), (last.GetProperty("count").GetInt32(), last.GetProperty("isComplete").GetBoolean()));
        Assert.False(first.TryGetProperty("total", out _));
    }

    [Fact]
    public async Task ARangeSpanningHistoryAndMemoryIsStitchedWithoutGapOrDoubleCount()
    {
        var test = Names.Unique("t");
        var now = DateTime.UtcNow;
        // Two days ago, as flushed history (older than the test silos' one-day window).
        var old = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc).AddDays(-2);
        await using (var insert = fixture.Database.Owner.CreateCommand("""
            INSERT INTO tsm.rollup_1h (test, metric, variant, bucket, count, sum, m2, min, max) VALUES ($1, 'm', 'A', $2, 4, 40, 0, 10, 10)
            """))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = test });
            insert.Parameters.Add(new NpgsqlParameter { Value = old });
            await insert.ExecuteNonQueryAsync();
        }

        await Post($$"""[{"test": "{{test}}", "variant": "A", "metric": "m", "value": 1}, {"test": "{{test}}", "variant": "A", "metric": "m", "value": 3}]""");
        // Wait for the live points to be flushed too: the recent hour is then in storage and in memory.
        await Eventually.MatchesAsync(
            () => fixture.Database.ScalarAsync("SELECT coalesce(sum(count), 0) FROM tsm.rollup_1h WHERE test = $1", test),
            count => count == 6, "the live points reaching the hourly rollup");

        var series = await fixture.Http.GetJsonAsync($"/v1/series?test={test}&metric=m&granularity=1h&from={ApiJson.Iso(now.AddDays(-3))}&to={ApiJson.Iso(now.AddMinutes(1))}");
        var buckets = series.GetProperty("variants")[0].GetProperty("buckets").EnumerateArray().ToList();

        Assert.Equal(2, buckets.Count);
        Assert.Equal((4L, 10.0), (buckets[0].GetProperty("count").GetInt64(), buckets[0].GetProperty("avg").GetDouble()));
        Assert.Equal((2L, 2.0), (buckets[1].GetProperty("count").GetInt64(), buckets[1].GetProperty("avg").GetDouble()));
    }

    [Theory]
    [InlineData("granularity=5x", "granularity")]
    [InlineData("granularity=1s&from=2020-01-01T00:00:00Z&to=2020-03-01T00:00:00Z", "granularity")]
    [InlineData("from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&granularity=1d", "from")]
    [InlineData("from=tomorrow", "from")]
    [InlineData("from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    [InlineData("variant=a%20b", "variant")]
    public async Task QueriesBeyondTheLimitsOrMalformedGet400NamingTheParameter(string query, string field)
    {
        var response = await fixture.Http.GetAsync($"/v1/series?test=t&metric=m&{query}");

        await response.AssertRejectedNamingAsync(field);
    }

    [Theory]
    [InlineData("/metrics?metricName=m", "abTestName")]
    [InlineData("/metrics?abTestName=t&metricName=m&limit=1000000", "limit")]
    [InlineData("/metrics?abTestName=t&metricName=m&skip=-1", "skip")]
    [InlineData("/v1/points?metric=m&limit=0", "limit")]
    [InlineData("/v1/points?test=t", "metric")]
    public async Task PagingAndRequiredParametersAreChecked(string url, string field)
    {
        var response = await fixture.Http.GetAsync(url);

        await response.AssertRejectedNamingAsync(field);
    }

    [Fact]
    public async Task RawPointsArePagedInTimeOrder()
    {
        var test = Names.Unique("t");
        var now = DateTime.UtcNow;
        var points = string.Join(",", Enumerable.Range(1, 5).Select(i =>
            $$"""{"test": "{{test}}", "variant": "A", "metric": "m", "value": {{i}}, "timestamp": "{{ApiJson.Iso(now.AddSeconds(-10 * i))}}"}"""));
        await Post($"[{points}]");

        var page = await fixture.Http.GetJsonAsync($"/v1/points?test={test}&metric=m&from={ApiJson.Iso(now.AddMinutes(-5))}&to={ApiJson.Iso(now)}&skip=1&limit=3");

        Assert.Equal(new[] { 4.0, 3.0, 2.0 }, page.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));
        Assert.False(page.GetProperty("isComplete").GetBoolean());
    }

    [Fact]
    public async Task TheApiRoleCannotReadTheJournalOrWriteAnything()
    {
        await using var api = NpgsqlDataSource.Create(fixture.Database.ApiConnectionString);

        foreach (var sql in new[] { "SELECT count(*) FROM tsm.point_batches", "DELETE FROM tsm.rollup_1m", "INSERT INTO tsm.tests (name) VALUES ('x')" })
        {
            await using var command = api.CreateCommand(sql);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }
    }

    [Fact]
    public async Task TheOpenApiDocumentAndSwaggerUiAreServed()
    {
        var document = await fixture.Http.GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/v1/points", paths);
        Assert.Contains("/metrics", paths);
        Assert.Contains("/v1/series", paths);

        var ui = await fixture.Http.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
    }

    private async Task Post(string json)
    {
        var response = await fixture.Http.PostJsonAsync("/v1/points", json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
