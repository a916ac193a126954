using System.Globalization;
using System.Text.Json;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

/// <summary>Percentiles per bucket through the HTTP API: from memory, from the rollups and from the unflushed journal, each within 1%.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PercentileApiTests(ClusterFixture fixture)
{
    private static readonly double[] Levels = [0.5, 0.95, 0.99];

    [Fact]
    public async Task ALatencySeriesAnswersEveryQuantileWithinOnePercentFromMemoryAndFromStorageAlike()
    {
        var test = Names.Unique("pct");
        var now = DateTime.UtcNow;
        var oldHour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc).AddDays(-3);
        // A: 1..1000 ms, B: 1.5..1500 ms; the same points recently (memory) and three days ago (storage only).
        foreach (var at in new[] { now.AddSeconds(-5), oldHour.AddMinutes(30) })
            await PostAsync(test, "latency_ms", at, i => i, i => 1.5 * i);

        var recent = await QuantilesAsync(test, "latency_ms", now.AddMinutes(-10), now.AddMinutes(1));
        var old = await QuantilesAsync(test, "latency_ms", oldHour, oldHour.AddHours(1));

        foreach (var answer in new[] { recent, old })
        {
            AssertWithinOnePercent(Exact(i => i), answer["A"]);
            AssertWithinOnePercent(Exact(i => 1.5 * i), answer["B"]);
        }

        // Once flushed, the rollups' bins give exactly what memory's bins give: merging loses nothing.
        await Eventually.MatchesAsync(
            () => fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.rollup_1h WHERE test = $1 AND bins IS NOT NULL", test),
            rows => rows == 4, "both hours of both variants flushed with their bins");
        var flushed = await QuantilesAsync(test, "latency_ms", oldHour, oldHour.AddHours(1));
        Assert.Equal(recent["A"], flushed["A"]);
        Assert.Equal(recent["B"], flushed["B"]);
    }

    [Fact]
    public async Task OtherMetricsKeepPercentilesOnlyWhenDefinedSo()
    {
        var test = Names.Unique("pct");
        var now = DateTime.UtcNow;
        await PostAsync(test, "basket_value", now.AddSeconds(-5), i => i, i => i);
        var without = await QuantilesAsync(test, "basket_value", now.AddMinutes(-10), now.AddMinutes(1));
        Assert.Empty(without);

        var defined = await fixture.Http.PutJsonAsync($"/v1/tests/{test}/metrics/basket_value", new { unit = "EUR", percentiles = true });
        Assert.True(defined.IsSuccessStatusCode, await defined.Content.ReadAsStringAsync());
        await PostAsync(test, "basket_value", now.AddSeconds(-4), i => i, i => i);

        var with = await QuantilesAsync(test, "basket_value", now.AddSeconds(-4), now.AddMinutes(1), granularity: "1s");
        AssertWithinOnePercent(Exact(i => i), with["A"]);
    }

    [Theory]
    [InlineData("q=1")]
    [InlineData("q=0")]
    [InlineData("q=p95")]
    [InlineData("q=0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,0.95,0.99")]
    public async Task QuantileLevelsOutsideTheOpenUnitIntervalGet400NamingQ(string query)
    {
        var response = await fixture.Http.GetAsync($"/v1/series?test=t&metric=latency_ms&{query}");

        await response.AssertRejectedNamingAsync("q");
    }

    private async Task PostAsync(string test, string metric, DateTime at, Func<int, double> a, Func<int, double> b)
    {
        var points = Enumerable.Range(1, 1000).SelectMany(i => new[]
        {
            $$"""{"test": "{{test}}", "variant": "A", "metric": "{{metric}}", "value": {{a(i).ToString(CultureInfo.InvariantCulture)}}, "timestamp": "{{ApiJson.Iso(at)}}"}""",
            $$"""{"test": "{{test}}", "variant": "B", "metric": "{{metric}}", "value": {{b(i).ToString(CultureInfo.InvariantCulture)}}, "timestamp": "{{ApiJson.Iso(at)}}"}""",
        });
        var response = await fixture.Http.PostJsonAsync("/v1/points", $"[{string.Join(",", points)}]");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<Dictionary<string, double[]>> QuantilesAsync(string test, string metric, DateTime from, DateTime to, string granularity = "1h")
    {
        var series = await fixture.Http.GetJsonAsync(
            $"/v1/series?test={test}&metric={metric}&granularity={granularity}&from={ApiJson.Iso(from)}&to={ApiJson.Iso(to)}&q=0.5,0.95,0.99");
        var result = new Dictionary<string, double[]>();
        foreach (var variant in series.GetProperty("variants").EnumerateArray())
        {
            var bucket = Assert.Single(variant.GetProperty("buckets").EnumerateArray());
            Assert.Equal(1000, bucket.GetProperty("count").GetInt64());
            if (!bucket.TryGetProperty("quantiles", out var quantiles)) continue;
            result[variant.GetProperty("variant").GetString()!] = new[] { "p50", "p95", "p99" }.Select(name => quantiles.GetProperty(name).GetDouble()).ToArray();
        }

        return result;
    }

    // The value of rank ⌊q(n − 1)⌋ of the sorted values, the quantile the sketch approximates.
    private static double[] Exact(Func<int, double> value) =>
        Levels.Select(q => value((int)Math.Floor(q * 999) + 1)).ToArray();

    private static void AssertWithinOnePercent(double[] exact, double[] answered)
    {
        for (var i = 0; i < exact.Length; i++)
            Assert.True(Math.Abs(answered[i] - exact[i]) <= 0.01 * exact[i], $"p{Levels[i] * 100}: {answered[i]} vs exact {exact[i]}");
    }
}
