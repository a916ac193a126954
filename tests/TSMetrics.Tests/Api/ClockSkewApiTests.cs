using System.Text.Json;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

/// <summary>
/// Clients whose clocks run ahead, through the real API: a point stamped a few minutes in the future is
/// accepted, and every older point of the live window is still in the series and the comparison after it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClockSkewApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task APointFromTheNearFutureEvictsNoSecondOfTheLiveWindow()
    {
        var test = Names.Unique("skew");
        var now = DateTime.UtcNow;
        // One point per second over the last 14 minutes, then one stamped four minutes ahead.
        var points = Enumerable.Range(1, 14 * 60).Select(i => Point(test, "A", 1, now.AddSeconds(-i)));
        await PostAsync($"[{string.Join(",", points)}]");
        await PostAsync($"[{Point(test, "A", 1, now.AddSeconds(240))}]");

        var series = await fixture.Http.GetJsonAsync(
            $"/v1/series?test={test}&metric=m&granularity=1s&from={ApiJson.Iso(now.AddMinutes(-15))}&to={ApiJson.Iso(now)}");

        var buckets = Buckets(series);
        Assert.Equal(14 * 60, buckets.Count);
        Assert.Equal(14 * 60, buckets.Sum(b => b.GetProperty("count").GetInt64()));
    }

    [Fact]
    public async Task ADaysComparisonCountsExactlyTheDayAskedForAndTheNearFuturePointOnce()
    {
        var test = Names.Unique("skew");
        var now = DateTime.UtcNow;
        // One point per variant per minute over the last 24.5 hours, then one stamped four minutes ahead.
        var points = Enumerable.Range(1, 1_470).SelectMany(i => new[] { Point(test, "A", 1, now.AddMinutes(-i)), Point(test, "B", 2, now.AddMinutes(-i)) });
        await PostAsync($"[{string.Join(",", points)}]");
        await PostAsync($"[{Point(test, "A", 1, now.AddMinutes(4))}]");

        var from = now.AddHours(-24);
        var analysis = await fixture.Http.GetJsonAsync(
            $"/v1/tests/{test}/comparison?metric=m&from={ApiJson.Iso(from)}&to={ApiJson.Iso(now.AddMinutes(5))}");

        var variants = analysis.GetProperty("metrics")[0].GetProperty("variants").EnumerateArray().ToDictionary(
            v => v.GetProperty("variant").GetString()!, v => v.GetProperty("n").GetInt64());
        // The day holds minutes 1 to 1,440 back; nothing of the half hour before it.
        Assert.Equal(1_441, variants["A"]);
        Assert.Equal(1_440, variants["B"]);
        Assert.True(DateTime.Parse(analysis.GetProperty("windowFrom").GetString()!).ToUniversalTime() <= from);
    }

    private static string Point(string test, string variant, double value, DateTime at) =>
        $$"""{"test": "{{test}}", "variant": "{{variant}}", "metric": "m", "value": {{value}}, "timestamp": "{{ApiJson.Iso(at)}}"}""";

    private async Task PostAsync(string json)
    {
        var response = await fixture.Http.PostJsonAsync("/v1/points", json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static List<JsonElement> Buckets(JsonElement series) =>
        series.GetProperty("variants").EnumerateArray().SelectMany(v => v.GetProperty("buckets").EnumerateArray()).ToList();
}
