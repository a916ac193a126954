using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

/// <summary>Metrics defined as sum or count per user, through the real HTTP gateway and cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UnitKindApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ASumMetricComparesTheMeansOfUsersTotalsAndACountMetricTheirPoints()
    {
        var test = Names.Unique("revenue");
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.PutJsonAsync($"/v1/tests/{test}/metrics/revenue", new { unit = "EUR", direction = "higher", kind = "sum" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.PutJsonAsync($"/v1/tests/{test}/metrics/clicks", new { direction = "higher", kind = "count" })).StatusCode);
        var random = new Random(12);
        var users = new Dictionary<string, List<(double Total, int Points)>> { ["A"] = [], ["B"] = [] };
        var json = new StringBuilder("[");
        foreach (var (variant, spend) in new[] { ("A", 10.0), ("B", 14.0) })
        {
            for (var user = 0; user < 60; user++)
            {
                var points = random.Next(1, 7);
                var total = 0.0;
                for (var point = 0; point < points; point++)
                {
                    var value = Math.Round(spend * random.NextDouble() * 2, 2);
                    total += value;
                    foreach (var metric in new[] { "revenue", "clicks" })
                    {
                        if (json.Length > 1) json.Append(',');
                        json.Append(CultureInfo.InvariantCulture, $$"""{"test":"{{test}}","variant":"{{variant}}","metric":"{{metric}}","userId":"u{{variant}}{{user}}","value":{{value}}}""");
                    }
                }

                users[variant].Add((total, points));
            }
        }

        var response = await fixture.Http.PostJsonAsync("/v1/points", json.Append(']').ToString());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var analysis = await fixture.Http.GetJsonAsync($"/v1/tests/{test}/comparison?method=fixed");

        var revenue = Metric(analysis, "revenue");
        Assert.Equal(("sum", "user", "EUR"), (revenue.GetProperty("kind").GetString(), revenue.GetProperty("analysisUnit").GetString(), revenue.GetProperty("unit").GetString()));
        var clicks = Metric(analysis, "clicks");
        Assert.Equal(("count", "user"), (clicks.GetProperty("kind").GetString(), clicks.GetProperty("analysisUnit").GetString()));
        foreach (var (variant, index) in new[] { ("A", 0), ("B", 1) })
        {
            var spent = revenue.GetProperty("variants")[index];
            Assert.Equal(variant, spent.GetProperty("variant").GetString());
            Assert.Equal(60, spent.GetProperty("n").GetInt64());
            Assert.Equal(users[variant].Sum(u => u.Points), spent.GetProperty("points").GetInt64());
            Assert.Equal(users[variant].Average(u => u.Total), spent.GetProperty("mean").GetDouble(), 9);
            Assert.Equal(users[variant].Average(u => (double)u.Points), clicks.GetProperty("variants")[index].GetProperty("mean").GetDouble(), 9);
        }

        var lift = revenue.GetProperty("comparisons")[0].GetProperty("lift").GetDouble();
        Assert.Equal(users["B"].Average(u => u.Total) / users["A"].Average(u => u.Total) - 1, lift, 9);
        // The test is in the catalog once its first flush lands; until then the catalog answers 404.
        var entry = await Eventually.MatchesAsync(
            async () => await fixture.Http.GetAsync($"/v1/tests/{test}") is { IsSuccessStatusCode: true } found ? await found.ReadJsonAsync() : default,
            e => e.ValueKind == System.Text.Json.JsonValueKind.Object
                && e.GetProperty("metrics").EnumerateArray().Any(m => m.GetProperty("name").GetString() == "revenue"),
            "the sum metric reaching the catalog");
        Assert.Equal("sum", entry.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "revenue").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task AnUnknownKindIsRefusedNamingTheKindsThereAre()
    {
        var response = await fixture.Http.PutJsonAsync($"/v1/tests/{Names.Unique("t")}/metrics/m", new { kind = "total" });

        await response.AssertRejectedNamingAsync("kind");
        var reason = (await response.ReadJsonAsync()).GetProperty("errors").GetProperty("kind")[0].GetString();
        Assert.Equal("must be \"mean\", \"proportion\", \"sum\" or \"count\".", reason);
    }

    private static JsonElement Metric(JsonElement analysis, string name) =>
        analysis.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == name);
}
