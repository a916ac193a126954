using System.Net;
using System.Text.Json;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

/// <summary>
/// Sends string values through every front door that takes values and reads them back raw, the same way on
/// TimescaleDB and on plain PostgreSQL: what users of categorical metrics rely on.
/// </summary>
internal static class StringValueRoundTrip
{
    /// <summary>Unicode beyond the BMP, accents, CJK, spaces and JSON-escaped text: each must come back as sent.</summary>
    public static readonly string[] Categories = ["paypal", "carte bancaire", "é", "支付宝", "😀 apple pay", "\"quoted\" \\ slash", "23.5"];

    public static async Task AssertEveryDoorRoundTripsAsync(HttpClient http)
    {
        var at = DateTime.UtcNow.AddMinutes(-2);
        at = new DateTime(at.Ticks - at.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        var expected = Categories.Select(c => (object)c).Prepend(4.5).ToArray();

        // Native: a test's series, numbers and strings mixed in one batch for one metric.
        var test = Names.Unique("pay");
        var points = string.Join(",", expected.Select((v, i) => $$"""{"timestamp": "{{ApiJson.Iso(at.AddMilliseconds(i))}}", "value": {{Json(v)}}}"""));
        Assert.Equal(HttpStatusCode.OK, (await http.PostJsonAsync("/v1/points", $$"""{"test": "{{test}}", "variant": "A", "metric": "method", "points": [{{points}}]}""")).StatusCode);
        var native = await http.GetJsonAsync($"/v1/points?test={test}&metric=method&from={Uri.EscapeDataString(ApiJson.Iso(at))}&to={Uri.EscapeDataString(ApiJson.Iso(at.AddSeconds(1)))}");
        Assert.Equal(expected, native.GetProperty("points").EnumerateArray().Select(p => ValueOf(p.GetProperty("value"))));

        // Tornado and Go: POST /v1/metrics, read back by GET /v1/metrics.
        var name = Names.Unique("tornado");
        for (var i = 0; i < expected.Length; i++)
        {
            var time = i % 2 == 0 ? "ts" : "timestamp";
            var posted = await http.PostJsonAsync("/v1/metrics", $$"""{"name": "{{name}}", "{{time}}": "{{ApiJson.Iso(at.AddMilliseconds(i))}}", "value": {{Json(expected[i])}}}""");
            Assert.True(posted.StatusCode == HttpStatusCode.OK, await posted.Content.ReadAsStringAsync());
        }

        var tornado = await http.GetJsonAsync($"/v1/metrics?name={name}");
        Assert.Equal(expected, tornado.EnumerateArray().Select(p => ValueOf(p.GetProperty("value"))));

        // FastAPI: POST /ingest, read back by POST /query without aggregation.
        var metric = Names.Unique("event");
        var data = string.Join(",", expected.Select((v, i) => $$"""{"time": "{{ApiJson.Iso(at.AddMilliseconds(i))}}", "metric": "{{metric}}", "value": {{Json(v)}}}"""));
        Assert.Equal(HttpStatusCode.OK, (await http.PostJsonAsync("/ingest", $$"""{"data": [{{data}}]}""")).StatusCode);
        var query = await http.PostJsonAsync("/query", $$"""{"metric": "{{metric}}", "start_time": "{{ApiJson.Iso(at)}}", "end_time": "{{ApiJson.Iso(at.AddSeconds(1))}}"}""");
        Assert.True(query.IsSuccessStatusCode, await query.Content.ReadAsStringAsync());
        Assert.Equal(expected, (await query.ReadJsonAsync()).EnumerateArray().Select(p => ValueOf(p.GetProperty("value"))));
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);

    public static object ValueOf(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetDouble();
}
