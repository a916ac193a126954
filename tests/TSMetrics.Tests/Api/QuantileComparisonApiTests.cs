using System.Globalization;
using System.Text.Json;
using TSMetrics.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TSMetrics.Tests.Api;

/// <summary>
/// Quantile comparisons through the real API against a known truth: an injected p95 lift is found inside its
/// interval, and A/A tests (no difference at all) reject at about alpha.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class QuantileComparisonApiTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private const int PointsPerVariant = 1_000;
    private const double Alpha = 0.05;

    [Fact]
    public async Task AnInjectedP95LiftLiesInsideItsIntervalWhichExcludesZero()
    {
        var test = Names.Unique("q");
        var rng = new Random(42);
        // B's values are 1.5 times draws of A's distribution: every quantile of B is 1.5 times A's, a lift of 50%.
        await PostAsync(test, rng, treatmentScale: 1.5);

        var p95 = Quantile(Metric(await fixture.Http.GetJsonAsync($"/v1/tests/{test}/comparison?method=fixed")), "p95");
        var comparison = p95.GetProperty("comparisons")[0];

        Assert.Equal("event", p95.GetProperty("analysisUnit").GetString());
        Assert.Equal(2, p95.GetProperty("variants").GetArrayLength());
        Assert.InRange(0.5, comparison.GetProperty("lower").GetDouble(), comparison.GetProperty("upper").GetDouble());
        Assert.True(comparison.GetProperty("lower").GetDouble() > 0, "the interval should exclude no change");
    }

    [Fact]
    public async Task AaTestsRejectAtAboutAlpha()
    {
        const int tests = 40;
        var rng = new Random(7);
        var names = Enumerable.Range(0, tests).Select(_ => Names.Unique("qaa")).ToArray();
        foreach (var test in names) await PostAsync(test, rng, treatmentScale: 1.0);

        var positives = 0;
        foreach (var test in names)
        {
            var comparison = Quantile(Metric(await fixture.Http.GetJsonAsync($"/v1/tests/{test}/comparison?method=fixed&alpha={Alpha}")), "p95")
                .GetProperty("comparisons")[0];
            if (comparison.GetProperty("pValue").GetDouble() < Alpha) positives++;
        }

        output.WriteLine($"p95 A/A false positives: {positives} of {tests} at alpha {Alpha}");
        Assert.InRange((double)positives / tests, 0, Alpha + 3 * Math.Sqrt(Alpha * (1 - Alpha) / tests));
    }

    // Log-normal latencies (median e^4 ≈ 55 ms), one point per user, spread over the last minute.
    private async Task PostAsync(string test, Random rng, double treatmentScale)
    {
        var now = DateTime.UtcNow;
        var points = new List<string>(2 * PointsPerVariant);
        for (var i = 0; i < PointsPerVariant; i++)
            foreach (var (variant, scale) in new[] { ("A", 1.0), ("B", treatmentScale) })
            {
                var value = scale * Math.Exp(4 + 0.5 * Normal(rng));
                points.Add($$"""{"test": "{{test}}", "variant": "{{variant}}", "metric": "latency_ms", "value": {{value.ToString("R", CultureInfo.InvariantCulture)}}, "timestamp": "{{ApiJson.Iso(now.AddMilliseconds(-i * 50))}}"}""");
            }

        var response = await fixture.Http.PostJsonAsync("/v1/points", $"[{string.Join(",", points)}]");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static JsonElement Metric(JsonElement comparison) =>
        comparison.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "latency_ms");

    private static JsonElement Quantile(JsonElement metric, string name) =>
        metric.GetProperty("quantiles").EnumerateArray().Single(q => q.GetProperty("name").GetString() == name);
}
