using System.Globalization;
using System.Text.Json;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

/// <summary>The live push carries quantile and category comparisons, moving with new points, and string points as sent.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LivePartsApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task PushedComparisonsCarryQuantilesAndCategoriesAndStringPointsAsSent()
    {
        var test = Names.Unique("liveparts");
        await PostAsync(test, Enumerable.Range(1, 200).SelectMany(i => new[] { Number("A", i), Number("B", 2 * i), Text("A", "paypal"), Text("B", "card") }));
        await using var live = await LiveClient.ConnectAsync(fixture.Http, $"/v1/tests/{test}/live?points=true");

        var first = await live.NextAsync("comparison", c => Metric(c, "latency_ms") is { } m && m.TryGetProperty("quantiles", out _), TimeSpan.FromSeconds(10), "a comparison with quantiles");
        Assert.Equal(200, P50Of(first, "A") > 0 ? QuantileN(first, "A") : 0);
        Assert.True(Metric(first, "payment")!.Value.TryGetProperty("categories", out _));

        await PostAsync(test, [Text("A", "klarna"), Number("A", 10_000)]);

        // Both series changed with one POST: one snapshot or two, the last one counts both.
        await live.NextAsync("comparison", c => QuantileN(c, "A") == 201 && HasValue(c, "A", "klarna"), TimeSpan.FromSeconds(10), "quantiles and categories counting the new points");
        await live.NextAsync("points", p => p.EnumerateArray().Any(x => x.GetProperty("value").ValueKind == JsonValueKind.String && x.GetProperty("value").GetString() == "klarna"),
            TimeSpan.FromSeconds(10), "the string point as sent");
    }

    private async Task PostAsync(string test, IEnumerable<string> points)
    {
        var body = "[" + string.Join(",", points.Select(p => p.Replace("{test}", test, StringComparison.Ordinal))) + "]";
        var response = await fixture.Http.PostJsonAsync("/v1/points", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Number(string variant, double value) =>
        $$"""{"test": "{test}", "variant": "{{variant}}", "metric": "latency_ms", "value": {{value.ToString(CultureInfo.InvariantCulture)}}}""";

    private static string Text(string variant, string value) => $$"""{"test": "{test}", "variant": "{{variant}}", "metric": "payment", "value": "{{value}}"}""";

    private static JsonElement? Metric(JsonElement comparison, string name)
    {
        foreach (var metric in comparison.GetProperty("metrics").EnumerateArray())
            if (metric.GetProperty("metric").GetString() == name) return metric;
        return null;
    }

    private static bool HasValue(JsonElement comparison, string variant, string value) =>
        Metric(comparison, "payment") is { } m && m.TryGetProperty("categories", out var categories)
        && categories.GetProperty("variants").GetProperty(variant).TryGetProperty(value, out _);

    private static JsonElement P50(JsonElement comparison) =>
        Metric(comparison, "latency_ms")!.Value.GetProperty("quantiles").EnumerateArray().Single(q => q.GetProperty("name").GetString() == "p50");

    private static double P50Of(JsonElement comparison, string variant) =>
        P50(comparison).GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("variant").GetString() == variant).GetProperty("value").GetDouble();

    private static long QuantileN(JsonElement comparison, string variant) =>
        Metric(comparison, "latency_ms") is { } m && m.TryGetProperty("quantiles", out var quantiles)
            ? quantiles.EnumerateArray().First().GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("variant").GetString() == variant).GetProperty("n").GetInt64()
            : 0;
}
