using System.Net;
using System.Text.Json;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

/// <summary>A test's start set with PUT /v1/tests/{test}: the window of every unit-level result.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TestStartApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task UnitLevelResultsCountOnlyPointsFromTheStartKeepItOverARestartAndGetTheWholeLifeBackWhenCleared()
    {
        var test = Names.Unique("start");
        var now = DateTime.UtcNow;
        var start = now.AddHours(-1);
        // Ten users per variant, each with a 100 two hours ago (before the start) and a point after it;
        // one more user of A sent only before the start.
        var points = new List<string>();
        for (var u = 0; u < 10; u++)
        {
            points.Add(Point(test, "A", $"a{u}", 100, now.AddHours(-2)));
            points.Add(Point(test, "B", $"b{u}", 100, now.AddHours(-2)));
            points.Add(Point(test, "A", $"a{u}", 10, now.AddMinutes(-10)));
            points.Add(Point(test, "B", $"b{u}", 20, now.AddMinutes(-10)));
        }

        points.Add(Point(test, "A", "early", 100, now.AddHours(-2)));
        await PostAsync(points);
        AssertVariants(await ComparisonAsync(test), (11, 21, 1200.0 / 21), (10, 20, 1200.0 / 20));

        var put = await fixture.Http.PutJsonAsync($"/v1/tests/{test}", new { control = "A", start = ApiJson.Iso(start) });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var metric = await ComparisonAsync(test);
        AssertVariants(metric, (10, 10, 10), (10, 10, 20));
        Assert.Equal(start, metric.GetProperty("unitsSince").GetDateTime(), TimeSpan.FromMilliseconds(1));
        var entry = await fixture.Http.GetJsonAsync($"/v1/tests/{test}");
        Assert.Equal(start, entry.GetProperty("start").GetDateTime(), TimeSpan.FromMilliseconds(1));

        // Points sent after the PUT fold with the start: a late one from before it is left out.
        await PostAsync([Point(test, "A", "a0", 10, now), Point(test, "B", "late", 500, now.AddHours(-3))]);
        AssertVariants(await ComparisonAsync(test), (10, 11, 10), (10, 10, 20));

        await fixture.DeactivateAllGrainsAsync();
        AssertVariants(await ComparisonAsync(test), (10, 11, 10), (10, 10, 20));

        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.PutJsonAsync($"/v1/tests/{test}", new { control = "A", start = (string?)null })).StatusCode);
        var whole = await ComparisonAsync(test);
        AssertVariants(whole, (11, 22, 1210.0 / 22), (11, 21, 1700.0 / 21));
        Assert.False(whole.TryGetProperty("unitsSince", out _));
        await fixture.DeactivateAllGrainsAsync();
        AssertVariants(await ComparisonAsync(test), (11, 22, 1210.0 / 22), (11, 21, 1700.0 / 21));
    }

    [Fact]
    public async Task AStartGivenAsUnixSecondsIsTheSameStart()
    {
        var test = Names.Unique("start");
        var now = DateTime.UtcNow;
        await PostAsync([Point(test, "A", "a", 1, now.AddMinutes(-20)), Point(test, "A", "a", 3, now.AddMinutes(-5)), Point(test, "B", "b", 2, now.AddMinutes(-5))]);
        var start = new DateTime(now.AddMinutes(-10).Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        var seconds = (start - DateTime.UnixEpoch).TotalSeconds;
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.PutJsonAsync($"/v1/tests/{test}", new { start = seconds })).StatusCode);
        var metric = await ComparisonAsync(test);
        Assert.Equal(start, metric.GetProperty("unitsSince").GetDateTime());
        AssertVariants(metric, (1, 1, 3), (1, 1, 2));
    }

    [Theory]
    [InlineData("\"next week\"")]
    [InlineData("true")]
    [InlineData("future")]
    [InlineData("beyond-retention")]
    public async Task AStartThatCannotBeTheTestsWindowIsRefusedNamingStart(string start)
    {
        var test = Names.Unique("start");
        await PostAsync([Point(test, "A", "a", 1, DateTime.UtcNow)]);
        var value = start switch
        {
            "future" => $"\"{ApiJson.Iso(DateTime.UtcNow.AddHours(1))}\"",
            // Older than the raw points kept (7 days by default), which unit totals are rebuilt from.
            "beyond-retention" => $"\"{ApiJson.Iso(DateTime.UtcNow.AddDays(-8))}\"",
            _ => start,
        };

        var response = await fixture.Http.PutAsync($"/v1/tests/{test}", new StringContent($$"""{"start": {{value}}}""", System.Text.Encoding.UTF8, "application/json"));

        await response.AssertRejectedNamingAsync("start");
        Assert.False((await ComparisonAsync(test)).TryGetProperty("unitsSince", out _));
    }

    private async Task PostAsync(IEnumerable<string> points)
    {
        var response = await fixture.Http.PostJsonAsync("/v1/points", $"[{string.Join(",", points)}]");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> ComparisonAsync(string test)
    {
        var metric = (await fixture.Http.GetJsonAsync($"/v1/tests/{test}/comparison")).GetProperty("metrics")[0];
        Assert.Equal("user", metric.GetProperty("analysisUnit").GetString());
        return metric;
    }

    // Per variant (A, B): users, points, mean.
    private static void AssertVariants(JsonElement metric, (long N, long Points, double Mean) a, (long N, long Points, double Mean) b)
    {
        var variants = metric.GetProperty("variants").EnumerateArray().ToArray();
        foreach (var (variant, expected) in new[] { (variants[0], a), (variants[1], b) })
        {
            Assert.Equal((expected.N, expected.Points), (variant.GetProperty("n").GetInt64(), variant.GetProperty("points").GetInt64()));
            Assert.Equal(expected.Mean, variant.GetProperty("mean").GetDouble(), 9);
        }
    }

    private static string Point(string test, string variant, string user, double value, DateTime time) =>
        $$"""{"test": "{{test}}", "variant": "{{variant}}", "metric": "m", "value": {{value}}, "userId": "{{user}}", "timestamp": "{{ApiJson.Iso(time)}}"}""";
}
