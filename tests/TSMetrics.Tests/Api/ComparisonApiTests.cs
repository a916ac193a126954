using System.Net;
using System.Text.Json;
using Npgsql;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

[Collection(ClusterCollection.Name)]
public sealed class ComparisonApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AClearEffectIsBetterOrWorseByTheMetricsDirectionAndANullEffectIsInconclusive()
    {
        var test = Names.Unique("checkout");
        var rng = new Random(11);
        await PostAsync(test, "latency", ("A", 100, 10), ("B", 120, 10), 600, rng);
        await PostAsync(test, "cpu", ("A", 50, 10), ("B", 50, 10), 600, rng);
        await fixture.Http.PutJsonAsync($"/v1/tests/{test}/metrics/latency", new { unit = "ms", direction = "lower" });

        var analysis = await fixture.Http.GetJsonAsync($"/v1/tests/{test}/comparison?last=1h");

        Assert.Equal("sequential", analysis.GetProperty("method").GetString());
        Assert.Contains("however often", analysis.GetProperty("methodNote").GetString());
        Assert.Equal("A", analysis.GetProperty("control").GetString());
        var latency = Metric(analysis, "latency");
        Assert.Equal("ms", latency.GetProperty("unit").GetString());
        var b = latency.GetProperty("comparisons")[0];
        Assert.Equal("B", b.GetProperty("variant").GetString());
        Assert.Equal("worse", b.GetProperty("verdict").GetString());
        Assert.InRange(b.GetProperty("lift").GetDouble(), 0.15, 0.25);
        Assert.True(b.GetProperty("lower").GetDouble() > 0);
        Assert.True(b.GetProperty("pValueHolm").GetDouble() < 0.05);
        var a = latency.GetProperty("variants")[0];
        Assert.Equal((600L, 10.0), (a.GetProperty("n").GetInt64(), Math.Round(a.GetProperty("sd").GetDouble())));
        Assert.Equal("inconclusive", Metric(analysis, "cpu").GetProperty("comparisons")[0].GetProperty("verdict").GetString());
        Assert.False(analysis.GetProperty("sampleRatio").GetProperty("mismatch").GetBoolean());
    }

    [Fact]
    public async Task FixedAndBayesianViewsAnswerWithTheirOwnNumbers()
    {
        var test = Names.Unique("t");
        await PostAsync(test, "clicks", ("A", 10, 2), ("B", 11, 2), 200, new Random(5));

        var fixedView = await fixture.Http.GetJsonAsync($"/v1/tests/{test}/comparison?method=fixed&alpha=0.01");
        var bayesian = await fixture.Http.GetJsonAsync($"/v1/tests/{test}/comparison?method=bayesian");

        Assert.Equal(("fixed", 0.01), (fixedView.GetProperty("method").GetString(), fixedView.GetProperty("alpha").GetDouble()));
        Assert.True(Metric(fixedView, "clicks").GetProperty("comparisons")[0].TryGetProperty("pValue", out _));
        var b = Metric(bayesian, "clicks").GetProperty("comparisons")[0];
        Assert.InRange(b.GetProperty("chanceToWin").GetDouble(), 0.99, 1);
        Assert.False(b.TryGetProperty("pValue", out _));
        Assert.Equal("increased", b.GetProperty("verdict").GetString()); // direction unknown: says which way, not whether good
    }

    [Fact]
    public async Task ASampleRatioMismatchIsFlaggedAgainstTheDefinedSplit()
    {
        var test = Names.Unique("t");
        var rng = new Random(2);
        await PostAsync(test, "m", ("A", 1, 1), ("B", 1, 1), 0, rng);
        await PostManyAsync(test, "m", "A", 1_000, rng);
        await PostManyAsync(test, "m", "B", 1_300, rng);

        var equalSplit = await fixture.Http.GetJsonAsync($"/v1/tests/{test}/comparison");
        await fixture.Http.PutJsonAsync($"/v1/tests/{test}", new { control = "A", weights = new Dictionary<string, double> { ["A"] = 10, ["B"] = 13 } });
        var definedSplit = await fixture.Http.GetJsonAsync($"/v1/tests/{test}/comparison");

        Assert.True(equalSplit.GetProperty("sampleRatio").GetProperty("mismatch").GetBoolean());
        Assert.True(equalSplit.GetProperty("sampleRatio").GetProperty("pValue").GetDouble() < 0.001);
        Assert.False(definedSplit.GetProperty("sampleRatio").GetProperty("mismatch").GetBoolean());
        Assert.Equal(13.0 / 23, definedSplit.GetProperty("sampleRatio").GetProperty("expected").GetProperty("B").GetDouble(), 9);
    }

    [Fact]
    public async Task AnOlderWindowAddsStoredRollupsToWhatMemoryHolds()
    {
        var test = Names.Unique("t");
        var hour = DateTime.UtcNow.AddDays(-3);
        hour = new DateTime(hour.Year, hour.Month, hour.Day, hour.Hour, 0, 0, DateTimeKind.Utc);
        await using (var insert = fixture.Database.Owner.CreateCommand("""
            WITH hours AS (
                INSERT INTO tsm.rollup_1h (test, metric, variant, bucket, count, sum, m2, min, max)
                VALUES ($1, 'm', 'A', $2, 100, 1000, 900, 1, 20), ($1, 'm', 'B', $2, 100, 1100, 900, 1, 20))
            -- What a flush writes to every tier: the day that holds the hour, too.
            INSERT INTO tsm.rollup_1d (test, metric, variant, bucket, count, sum, m2, min, max)
            VALUES ($1, 'm', 'A', date_trunc('day', $2, 'UTC'), 100, 1000, 900, 1, 20), ($1, 'm', 'B', date_trunc('day', $2, 'UTC'), 100, 1100, 900, 1, 20)
            """))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = test });
            insert.Parameters.Add(new NpgsqlParameter { Value = hour });
            await insert.ExecuteNonQueryAsync();
        }

        await PostAsync(test, "m", ("A", 10, 3), ("B", 11, 3), 50, new Random(9));

        var recent = await fixture.Http.GetJsonAsync($"/v1/tests/{test}/comparison?metric=m&last=1h");
        var week = await fixture.Http.GetJsonAsync($"/v1/tests/{test}/comparison?metric=m&last=5d");

        Assert.Equal(50, Metric(recent, "m").GetProperty("variants")[0].GetProperty("n").GetInt64());
        Assert.Equal(150, Metric(week, "m").GetProperty("variants")[0].GetProperty("n").GetInt64());
    }

    [Theory]
    [InlineData("method=magic", "method")]
    [InlineData("alpha=2", "alpha")]
    [InlineData("alpha=abc", "alpha")]
    [InlineData("last=5x", "last")]
    [InlineData("last=1h&from=2026-01-01T00:00:00Z", "last")]
    [InlineData("correction=bonferroni", "correction")]
    [InlineData("type=ratio", "type")]
    [InlineData("tuning=0", "tuning")]
    [InlineData("priorMean=0&priorSd=-1", "priorSd")]
    [InlineData("metric=a%20b", "metric")]
    public async Task BadComparisonParametersGet400NamingThem(string query, string field)
    {
        var response = await fixture.Http.GetAsync($"/v1/tests/t/comparison?{query}");

        await response.AssertRejectedNamingAsync(field);
    }

    [Fact]
    public async Task ATestWithoutMetricsIs404()
    {
        var response = await fixture.Http.GetAsync($"/v1/tests/{Names.Unique("none")}/comparison");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    internal static JsonElement Metric(JsonElement analysis, string name) =>
        analysis.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == name);

    private async Task PostAsync(string test, string metric, (string Variant, double Mean, double Sd) a, (string Variant, double Mean, double Sd) b, int perVariant, Random rng)
    {
        var points = new List<string>();
        for (var i = 0; i < perVariant; i++)
            foreach (var (variant, mean, sd) in new[] { a, b })
                points.Add($$"""{"test": "{{test}}", "variant": "{{variant}}", "metric": "{{metric}}", "value": {{mean + sd * Normal(rng):R}}}""");
        if (points.Count == 0) return;
        var response = await fixture.Http.PostJsonAsync("/v1/points", $"[{string.Join(",", points)}]");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task PostManyAsync(string test, string metric, string variant, int count, Random rng)
    {
        var points = Enumerable.Range(0, count).Select(_ => $$"""{"test": "{{test}}", "variant": "{{variant}}", "metric": "{{metric}}", "value": {{10 + Normal(rng):R}}}""");
        var response = await fixture.Http.PostJsonAsync("/v1/points", $"[{string.Join(",", points)}]");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
