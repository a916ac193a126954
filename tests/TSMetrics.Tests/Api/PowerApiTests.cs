using System.Text.Json;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

/// <summary>How long a test still needs, through the gateway and cluster: points injected with known variance.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PowerApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task GrowthBooksVectorIsReproducedFromPointsAndBecomesDaysAtTheTrafficSoFar()
    {
        // gbstats' test_midexperimentpower.py inputs: 500 points per arm, means 1 and 1.05, Σy² 1500 and 1551.25
        // (values mean ± √2, half each), spread over the last two hours.
        var test = Names.Unique("power");
        var start = WholeSecond(DateTime.UtcNow.AddHours(-2));
        await PostAsync(test, "A", start, 500, i => 1 + (i % 2 == 0 ? Math.Sqrt(2) : -Math.Sqrt(2)), step: 10);
        await PostAsync(test, "B", start, 500, i => 1.05 + (i % 2 == 0 ? Math.Sqrt(2) : -Math.Sqrt(2)), step: 10);

        var fixedView = await PowerAsync(test, "metric=m&method=fixed&minimumEffect=0.05&power=0.8&alpha=0.05");
        var sequential = await PowerAsync(test, "metric=m&method=sequential&tuning=5000&minimumEffect=0.05");
        var bayesian = await PowerAsync(test, $"metric=m&method=bayesian&priorMean=0.05&priorSd={Math.Sqrt(0.001):R}&minimumEffect=0.05");

        var b = Treatment(fixedView);
        Assert.Equal("needsMoreData", b.GetProperty("status").GetString());
        Assert.Equal(25.45703125, b.GetProperty("scalingFactor").GetDouble(), 4);
        Assert.Equal(55.66796875, Treatment(sequential).GetProperty("scalingFactor").GetDouble(), 4);
        Assert.Equal(13.9404296875, Treatment(bayesian).GetProperty("scalingFactor").GetDouble(), 4);

        // The window starts at the first point; traffic is n over the time since then, and the days follow from it.
        Assert.Equal(start, fixedView.GetProperty("from").GetDateTime().ToUniversalTime());
        var elapsed = fixedView.GetProperty("elapsedDays").GetDouble();
        Assert.Equal((fixedView.GetProperty("to").GetDateTime().ToUniversalTime() - start).TotalDays, elapsed, 9);
        Assert.InRange(elapsed * 24, 1.99, 2.1);
        Assert.Equal(1_000L, b.GetProperty("n").GetInt64());
        Assert.Equal(1_000 / elapsed, b.GetProperty("nPerDay").GetDouble(), 6);
        var additionalN = b.GetProperty("additionalN").GetDouble();
        Assert.Equal(25.45703125 * 1_000, additionalN, 1);
        Assert.Equal(additionalN / b.GetProperty("nPerDay").GetDouble(), b.GetProperty("additionalDays").GetDouble(), 6);
        Assert.Equal(b.GetProperty("scalingFactor").GetDouble() * elapsed, b.GetProperty("additionalDays").GetDouble(), 9);
        Assert.Equal(0.05, b.GetProperty("lift").GetDouble(), 9);
    }

    [Fact]
    public async Task TheEffectDetectableNowShrinksAsOneOverTheSquareRootOfTheObservations()
    {
        var test = Names.Unique("power");
        var rng = new Random(7);
        var start = WholeSecond(DateTime.UtcNow.AddMinutes(-30));
        await PostAsync(test, "A", start, 250, _ => Normal(rng, 100, 10));
        await PostAsync(test, "B", start, 250, _ => Normal(rng, 100, 10));
        var early = await PowerAsync(test, "metric=m&method=fixed");
        var earlySequential = Treatment(await PowerAsync(test, "metric=m")).GetProperty("detectableEffectNow").GetDouble();

        await PostAsync(test, "A", start.AddSeconds(1), 750, _ => Normal(rng, 100, 10));
        await PostAsync(test, "B", start.AddSeconds(1), 750, _ => Normal(rng, 100, 10));
        var late = await Eventually.MatchesAsync(() => PowerAsync(test, "metric=m&method=fixed"), p => Treatment(p).GetProperty("n").GetInt64() == 2_000, "all 2,000 points counted");
        var lateSequential = Treatment(await PowerAsync(test, "metric=m")).GetProperty("detectableEffectNow").GetDouble();

        // Four times the points: half the detectable effect (up to the noise of the variance estimates).
        var ratio = Treatment(late).GetProperty("detectableEffectNow").GetDouble() / Treatment(early).GetProperty("detectableEffectNow").GetDouble();
        Assert.InRange(ratio, 0.45, 0.55);
        Assert.True(lateSequential < earlySequential, $"sequential: {earlySequential} then {lateSequential}");
        Assert.True(earlySequential > Treatment(early).GetProperty("detectableEffectNow").GetDouble(), "sequential intervals are wider early");
        Assert.Equal(0.05, late.GetProperty("metrics")[0].GetProperty("minimumEffect").GetDouble()); // the documented default
        Assert.Equal(0.8, late.GetProperty("targetPower").GetDouble());
    }

    [Fact]
    public async Task ALargeTrueEffectIsAlreadyPoweredAndAMetricWithTooFewPointsSaysWhy()
    {
        var test = Names.Unique("power");
        var rng = new Random(3);
        var start = WholeSecond(DateTime.UtcNow.AddMinutes(-10));
        await PostAsync(test, "A", start, 200, _ => Normal(rng, 100, 10));
        await PostAsync(test, "B", start, 200, _ => Normal(rng, 130, 10));
        await PostAsync(test, "A", start, 1, _ => 1, metric: "rare");
        await PostAsync(test, "B", start, 1, _ => 2, metric: "rare");

        var power = await PowerAsync(test, "minimumEffect=0.1");

        var b = Treatment(power);
        Assert.Equal("alreadyPowered", b.GetProperty("status").GetString());
        Assert.Equal((0.0, 0.0, 0.0), (b.GetProperty("scalingFactor").GetDouble(), b.GetProperty("additionalDays").GetDouble(), b.GetProperty("additionalN").GetDouble()));
        Assert.True(b.GetProperty("powerNow").GetDouble() > 0.8);
        Assert.True(b.GetProperty("detectableEffectNow").GetDouble() < 0.1);
        var rare = power.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "rare");
        var tooFew = rare.GetProperty("treatments").EnumerateArray().Single();
        Assert.Equal("notEnoughData", tooFew.GetProperty("status").GetString());
        Assert.Contains("at least 2 observations", tooFew.GetProperty("reason").GetString());
        Assert.False(tooFew.TryGetProperty("additionalDays", out _));
    }

    [Fact]
    public async Task BadParametersAreNamedAndAnUnknownTestIsNotFound()
    {
        var test = Names.Unique("power");
        await PostAsync(test, "A", DateTime.UtcNow, 3, i => i);
        foreach (var (query, field) in new[]
        {
            ("minimumEffect=abc", "minimumEffect"), ("minimumEffect=-0.1", "minimumEffect"), ("power=1.5", "power"),
            ("method=magic", "method"), ("type=ratio", "type"), ("alpha=2", "alpha"), ("priorMean=0.1&priorSd=0", "priorSd"),
        })
            await (await fixture.Http.GetAsync($"/v1/tests/{test}/power?{query}")).AssertRejectedNamingAsync(field);

        var missing = await fixture.Http.GetAsync($"/v1/tests/{Names.Unique("none")}/power");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        var document = await fixture.Http.GetJsonAsync("/openapi/v1.json");
        Assert.True(document.GetProperty("paths").TryGetProperty("/v1/tests/{test}/power", out _));
    }

    // The catalog learns a test's first point within seconds (rollup flush); until then the answer says so.
    private Task<JsonElement> PowerAsync(string test, string query) => Eventually.MatchesAsync(
        () => fixture.Http.GetJsonAsync($"/v1/tests/{test}/power?{query}"),
        p => p.TryGetProperty("from", out _), $"the power of {test} counted from its start");

    private static JsonElement Treatment(JsonElement power) => power.GetProperty("metrics")[0].GetProperty("treatments").EnumerateArray().Single();

    private static DateTime WholeSecond(DateTime time) => new(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private static double Normal(Random rng, double mean, double sd) =>
        mean + sd * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    // n points, one every `step` seconds from start.
    private async Task PostAsync(string test, string variant, DateTime start, int n, Func<int, double> value, string metric = "m", int step = 1)
    {
        var t0 = new DateTimeOffset(start).ToUnixTimeMilliseconds() / 1000.0;
        var points = Enumerable.Range(0, n).Select(i => new[] { t0 + step * i, value(i) }).ToArray();
        var response = await fixture.Http.PostJsonAsync("/v1/points", JsonSerializer.Serialize(new { test, metric, variant, points }));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
