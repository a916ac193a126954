using TSMetrics.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TSMetrics.Tests.Api;

/// <summary>String values counted per category through the API: series counts and shares from memory and storage alike, and the comparison's distribution test.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CategoryApiTests(ClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task SeriesGiveCountsAndSharesPerStringValueFromMemoryAndStorageAlike()
    {
        var test = Names.Unique("cat");
        var now = DateTime.UtcNow;
        var oldHour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc).AddDays(-3);
        foreach (var at in new[] { now.AddSeconds(-5), oldHour.AddMinutes(10) })
            await PostAsync(test, at, ("A", "paypal", 30), ("A", "card", 10), ("B", "paypal", 20), ("B", "card", 20), ("B", "klarna", 10));

        foreach (var (from, to) in new[] { (now.AddMinutes(-10), now.AddMinutes(1)), (oldHour, oldHour.AddHours(1)) })
        {
            var series = await fixture.Http.GetJsonAsync($"/v1/series?test={test}&metric=payment&granularity=1h&from={ApiJson.Iso(from)}&to={ApiJson.Iso(to)}");
            var variants = series.GetProperty("variants").EnumerateArray().ToDictionary(v => v.GetProperty("variant").GetString()!);
            var a = Assert.Single(variants["A"].GetProperty("buckets").EnumerateArray());
            var b = Assert.Single(variants["B"].GetProperty("buckets").EnumerateArray());

            Assert.Equal(0, a.GetProperty("count").GetInt64()); // no numbers
            Assert.False(a.TryGetProperty("avg", out _));
            Assert.Equal((30L, 0.75), (a.GetProperty("categories").GetProperty("paypal").GetProperty("count").GetInt64(), a.GetProperty("categories").GetProperty("paypal").GetProperty("share").GetDouble()));
            Assert.Equal(new[] { "card", "klarna", "paypal" }, b.GetProperty("categories").EnumerateObject().Select(c => c.Name));
            Assert.Equal(0.2, b.GetProperty("categories").GetProperty("klarna").GetProperty("share").GetDouble(), 9);
        }

        await Eventually.MatchesAsync(
            () => fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.rollup_1h WHERE test = $1 AND categories IS NOT NULL", test),
            rows => rows == 4, "both hours of both variants flushed with their categories");
        Assert.Equal(60, await fixture.Database.ScalarAsync(
            "SELECT sum((categories->>'paypal')::bigint) FROM tsm.rollup_1h WHERE test = $1 AND variant = 'A'", test));
    }

    [Fact]
    public async Task TheComparisonTestsTheDistributionAndGivesEachValuesShareLift()
    {
        var test = Names.Unique("cat");
        await PostAsync(test, DateTime.UtcNow.AddSeconds(-3), ("A", "paypal", 500), ("A", "card", 500), ("B", "paypal", 700), ("B", "card", 300));

        var metric = (await fixture.Http.GetJsonAsync($"/v1/tests/{test}/comparison?method=fixed")).GetProperty("metrics")[0];
        var categories = metric.GetProperty("categories");
        var paypal = categories.GetProperty("shares").EnumerateArray().Single(s => s.GetProperty("category").GetString() == "paypal");

        Assert.Equal(1, categories.GetProperty("chiSquare").GetProperty("degreesOfFreedom").GetInt32());
        Assert.True(categories.GetProperty("chiSquare").GetProperty("pValue").GetDouble() < 1e-6);
        Assert.Equal(500, categories.GetProperty("variants").GetProperty("A").GetProperty("paypal").GetInt64());
        Assert.Equal((0.5, 0.7), (paypal.GetProperty("controlShare").GetDouble(), paypal.GetProperty("treatmentShare").GetDouble()));
        Assert.InRange(0.4, paypal.GetProperty("lower").GetDouble(), paypal.GetProperty("upper").GetDouble()); // 0.7 / 0.5 - 1
        Assert.True(paypal.GetProperty("lower").GetDouble() > 0);
    }

    [Fact]
    public async Task AaTestsFindTheDistributionsDifferentAtAboutAlpha()
    {
        const int tests = 40;
        const double alpha = 0.05;
        var rng = new Random(11);
        var names = Enumerable.Range(0, tests).Select(_ => Names.Unique("cataa")).ToArray();
        foreach (var test in names)
        {
            // Both variants draw from the same mix: paypal 50%, card 30%, klarna 20%.
            var points = Enumerable.Range(0, 600).Select(i =>
            {
                var u = rng.NextDouble();
                var value = u < 0.5 ? "paypal" : u < 0.8 ? "card" : "klarna";
                return $$"""{"test": "{{test}}", "variant": "{{(i % 2 == 0 ? "A" : "B")}}", "metric": "payment", "value": "{{value}}"}""";
            });
            Assert.True((await fixture.Http.PostJsonAsync("/v1/points", $"[{string.Join(",", points)}]")).IsSuccessStatusCode);
        }

        var positives = 0;
        foreach (var test in names)
        {
            var categories = (await fixture.Http.GetJsonAsync($"/v1/tests/{test}/comparison?method=fixed")).GetProperty("metrics")[0].GetProperty("categories");
            if (categories.GetProperty("chiSquare").GetProperty("pValue").GetDouble() < alpha) positives++;
        }

        output.WriteLine($"chi-square A/A rejections: {positives} of {tests} at alpha {alpha}");
        Assert.InRange((double)positives / tests, 0, alpha + 3 * Math.Sqrt(alpha * (1 - alpha) / tests));
    }

    private async Task PostAsync(string test, DateTime at, params (string Variant, string Value, int Count)[] groups)
    {
        var points = groups.SelectMany(g => Enumerable.Repeat(
            $$"""{"test": "{{test}}", "variant": "{{g.Variant}}", "metric": "payment", "value": "{{g.Value}}", "timestamp": "{{ApiJson.Iso(at)}}"}""", g.Count));
        var response = await fixture.Http.PostJsonAsync("/v1/points", $"[{string.Join(",", points)}]");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
