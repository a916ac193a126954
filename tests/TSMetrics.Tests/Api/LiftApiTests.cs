using System.Text.Json;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

/// <summary>The lift over time: the comparison applied to cumulative totals, step by step from the start.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LiftApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task EachStepIsTheComparisonOfEverythingUpToItsEndAndTheFirstIntervalAwayFromZeroIsMarked()
    {
        var test = Names.Unique("lift");
        var start = DateTime.UtcNow.AddMinutes(-12);
        start = new DateTime(start.Year, start.Month, start.Day, start.Hour, start.Minute, 0, DateTimeKind.Utc);
        var rng = new Random(21);
        for (var minute = 0; minute < 10; minute++)
        {
            await PostAsync(test, "A", start.AddMinutes(minute), 100, rng);
            await PostAsync(test, "B", start.AddMinutes(minute), 110, rng); // +10% from the first minute
        }

        var from = ApiJson.Iso(start);
        var to = ApiJson.Iso(start.AddMinutes(10));
        var lift = await fixture.Http.GetJsonAsync($"/v1/tests/{test}/lift?metric=m&from={from}&to={to}&granularity=1m");
        var comparison = await fixture.Http.GetJsonAsync($"/v1/tests/{test}/comparison?metric=m&from={from}&to={to}");

        Assert.Equal(("sequential", "A", "1m"), (lift.GetProperty("method").GetString(), lift.GetProperty("control").GetString(), lift.GetProperty("granularity").GetString()));
        var b = lift.GetProperty("treatments").EnumerateArray().Single();
        Assert.Equal("B", b.GetProperty("variant").GetString());
        var points = b.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(10, points.Count);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => 50L * i), points.Select(p => p.GetProperty("treatmentN").GetInt64()));
        Assert.Equal(new DateTimeOffset(start.AddMinutes(1)).ToUnixTimeSeconds(), points[0].GetProperty("t").GetDouble());

        // The last step covers the whole window: it is the comparison's answer.
        var whole = comparison.GetProperty("metrics")[0].GetProperty("comparisons")[0];
        foreach (var field in new[] { "lift", "lower", "upper" })
            Assert.Equal(whole.GetProperty(field).GetDouble(), points[^1].GetProperty(field).GetDouble(), 9);
        Assert.True(Width(points[^1]) < Width(points[0]) / 2, "the interval narrows as data accumulates");

        var first = b.GetProperty("firstExcludedZeroAt").GetDateTime();
        var firstIndex = points.FindIndex(p => p.GetProperty("lower").GetDouble() > 0);
        Assert.True(firstIndex >= 0);
        Assert.Equal(points[firstIndex].GetProperty("t").GetDouble(), new DateTimeOffset(first).ToUnixTimeSeconds());
        Assert.All(points.Take(firstIndex), p => Assert.True(p.GetProperty("lower").GetDouble() <= 0));
    }

    [Fact]
    public async Task BadParametersAreNamedAndATestWithoutPointsHasNoTreatments()
    {
        var test = Names.Unique("lift");
        await PostAsync(test, "A", DateTime.UtcNow, 1, new Random(1));
        await (await fixture.Http.GetAsync($"/v1/tests/{test}/lift?metric=m&granularity=7x")).AssertRejectedNamingAsync("granularity");
        await (await fixture.Http.GetAsync($"/v1/tests/{test}/lift?granularity=1m")).AssertRejectedNamingAsync("metric");
        await (await fixture.Http.GetAsync($"/v1/tests/{test}/lift?metric=m&method=magic")).AssertRejectedNamingAsync("method");
        var missing = await fixture.Http.GetJsonAsync($"/v1/tests/{Names.Unique("none")}/lift?metric=m");
        Assert.Empty(missing.GetProperty("treatments").EnumerateArray());
    }

    private static double Width(JsonElement point) => point.GetProperty("upper").GetDouble() - point.GetProperty("lower").GetDouble();

    // 50 normal values (sd 10) spread over the minute starting at `minute`.
    private async Task PostAsync(string test, string variant, DateTime minute, double mean, Random rng)
    {
        var t0 = new DateTimeOffset(minute).ToUnixTimeMilliseconds() / 1000.0;
        var points = Enumerable.Range(0, 50).Select(i =>
            new[] { t0 + i, mean + 10 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()) }).ToArray();
        var response = await fixture.Http.PostJsonAsync("/v1/points", JsonSerializer.Serialize(new { test, metric = "m", variant, points }));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
