using System.Globalization;
using System.Text;
using System.Text.Json;
using TSMetrics.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TSMetrics.Tests.Api;

/// <summary>
/// Many A/A tests (no true effect) whose users each send correlated points, through the real HTTP API: per
/// user the false-positive rate stays at alpha; per event it does not, which is why users are the default.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AaSimulationApiTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private const int Tests = 100;
    private const int UsersPerVariant = 100;
    private const int PointsPerUser = 20;
    private const double Alpha = 0.05;

    [Fact]
    public async Task UserLevelFalsePositivesStayAtAlphaWhereEventLevelOnesDoNot()
    {
        var rng = new Random(1234);
        var names = Enumerable.Range(0, Tests).Select(_ => Names.Unique("aa")).ToArray();
        foreach (var test in names) await PostAaTestAsync(test, rng);

        var rates = new Dictionary<string, double>();
        foreach (var (method, unit) in new[] { ("sequential", "user"), ("fixed", "user"), ("sequential", "event"), ("fixed", "event") })
        {
            var positives = 0;
            foreach (var test in names)
            {
                var metric = Metric(await fixture.Http.GetJsonAsync($"/v1/tests/{test}/comparison?method={method}&unit={unit}&alpha={Alpha}"));
                Assert.Equal(unit, metric.GetProperty("analysisUnit").GetString());
                var control = metric.GetProperty("variants")[0];
                Assert.Equal(unit == "user" ? UsersPerVariant : UsersPerVariant * PointsPerUser, control.GetProperty("n").GetInt64());
                Assert.Equal(UsersPerVariant * PointsPerUser, control.GetProperty("points").GetInt64());
                if (metric.GetProperty("comparisons")[0].GetProperty("pValue").GetDouble() < Alpha) positives++;
            }

            rates[$"{method}/{unit}"] = (double)positives / Tests;
        }

        output.WriteLine($"A/A false-positive rates over {Tests} tests ({UsersPerVariant} users x {PointsPerUser} points per variant), alpha {Alpha}:");
        foreach (var (name, rate) in rates) output.WriteLine($"  {name}: {rate:P0}");
        var bound = Alpha + 3 * Math.Sqrt(Alpha * (1 - Alpha) / Tests);
        Assert.InRange(rates["fixed/user"], 0, bound);
        Assert.InRange(rates["sequential/user"], 0, bound);
        // Twenty correlated points per user make the event-level standard errors about three times too small.
        Assert.True(rates["fixed/event"] > bound, $"event-level fixed rate {rates["fixed/event"]:P0} should exceed {bound:P0}");
    }

    [Fact]
    public async Task PointsWithoutUserIdsKeepTheEventLevelAnalysisAndUnitIsValidated()
    {
        var test = Names.Unique("t");
        var points = Enumerable.Range(0, 40).Select(i => $$"""{"test": "{{test}}", "variant": "{{(i % 2 == 0 ? "A" : "B")}}", "metric": "m", "value": {{i}}}""");
        Assert.True((await fixture.Http.PostJsonAsync("/v1/points", $"[{string.Join(",", points)}]")).IsSuccessStatusCode);

        var metric = Metric(await fixture.Http.GetJsonAsync($"/v1/tests/{test}/comparison"));
        var bad = await fixture.Http.GetAsync($"/v1/tests/{test}/comparison?unit=session");

        Assert.Equal("event", metric.GetProperty("analysisUnit").GetString());
        Assert.Equal(20, metric.GetProperty("variants")[0].GetProperty("n").GetInt64());
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Contains("unit", await bad.Content.ReadAsStringAsync());
    }

    // Each user a stable level plus noise of the same size: strongly correlated points.
    private async Task PostAaTestAsync(string test, Random rng)
    {
        var json = new StringBuilder("[");
        foreach (var variant in new[] { "A", "B" })
        {
            for (var user = 0; user < UsersPerVariant; user++)
            {
                var level = 100 + 10 * Normal(rng);
                for (var point = 0; point < PointsPerUser; point++)
                {
                    if (json.Length > 1) json.Append(',');
                    var value = (level + 10 * Normal(rng)).ToString("R", CultureInfo.InvariantCulture);
                    json.Append($$"""{"test":"{{test}}","variant":"{{variant}}","metric":"m","userId":"{{variant}}{{user}}","value":{{value}}}""");
                }
            }
        }

        var response = await fixture.Http.PostJsonAsync("/v1/points", json.Append(']').ToString());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static JsonElement Metric(JsonElement analysis) => analysis.GetProperty("metrics")[0];

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
