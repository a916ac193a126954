using System.Net;
using System.Text.Json;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

/// <summary>String (categorical) values through the API: stored as sent, refused with the field named, not averaged.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StringValueApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AStringValueRoundTripsThroughEveryFrontDoorIntoRawReadsExactly() =>
        await StringValueRoundTrip.AssertEveryDoorRoundTripsAsync(fixture.Http);

    [Theory]
    [InlineData("/v1/points", """[{"metric": "m", "value": 1}, {"metric": "m", "value": "  "}]""", "points[1].value", "whitespace")]
    [InlineData("/v1/points", """{"test": "t", "variant": "A", "metric": "m", "points": [["2026-01-01T00:00:00Z", ""]]}""", "points[0].value", "empty")]
    [InlineData("/v1/metrics", """{"name": "m", "value": "a\nb"}""", "value", "U+000A")]
    [InlineData("/ingest", """{"data": [{"time": "2024-01-15T10:30:00Z", "metric": "m", "value": "\u0000"}]}""", "data[0].value", "U+0000")]
    public async Task ABadStringValueIsA400NamingTheFieldAndTheReason(string path, string body, string field, string reason)
    {
        var response = await fixture.Http.PostJsonAsync(path, body);

        await response.AssertRejectedNamingAsync(field);
        Assert.Contains(reason, (await response.ReadJsonAsync()).GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStringLongerThanTheLimitIsA400ThatSaysTheLimit()
    {
        var response = await fixture.Http.PostJsonAsync("/v1/points", $$"""{"metric": "m", "value": "{{new string('x', 201)}}"}""");

        await response.AssertRejectedNamingAsync("value");
        Assert.Contains("at most 200", (await response.ReadJsonAsync()).GetProperty("errors").GetProperty("value")[0].GetString(), StringComparison.Ordinal);
        var fits = await fixture.Http.PostJsonAsync("/v1/points", $$"""{"metric": "{{Names.Unique("long")}}", "value": "{{new string('é', 200)}}"}""");
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
    }

    [Fact]
    public async Task NumericAggregatesOfAStringMetricAre400sNamingTheAggregationWhileCountCountsItsPoints()
    {
        var metric = Names.Unique("payment");
        var hour = DateTime.UtcNow.AddHours(-2);
        hour = new DateTime(hour.Year, hour.Month, hour.Day, hour.Hour, 0, 0, DateTimeKind.Utc);
        var values = new object[] { "paypal", "card", 3.0, "paypal" };
        var data = string.Join(",", values.Select((v, i) => $$"""{"time": "{{ApiJson.Iso(hour.AddMinutes(i))}}", "metric": "{{metric}}", "value": {{StringValueRoundTrip.Json(v)}}}"""));
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.PostJsonAsync("/ingest", $$"""{"data": [{{data}}]}""")).StatusCode);
        var range = $$""" "metric": "{{metric}}", "start_time": "{{ApiJson.Iso(hour)}}", "end_time": "{{ApiJson.Iso(hour.AddMinutes(59))}}" """;

        foreach (var aggregation in new[] { "avg", "sum", "min", "max" })
        {
            var refused = await fixture.Http.PostJsonAsync("/query", $$"""{{{range}}, "aggregation": "{{aggregation}}", "interval": "1 hour"}""");
            await refused.AssertRejectedNamingAsync("aggregation");
            Assert.Contains("string values", (await refused.ReadJsonAsync()).GetProperty("errors").GetProperty("aggregation")[0].GetString(), StringComparison.Ordinal);
        }

        var counted = await Eventually.MatchesAsync(
            async () => (await (await fixture.Http.PostJsonAsync("/query", $$"""{{{range}}, "aggregation": "count", "interval": "1 hour"}""")).ReadJsonAsync()).EnumerateArray().ToArray(),
            b => b.Length == 1 && b[0].GetProperty("value").GetDouble() == 4, "the hourly count of the string metric");
        Assert.Equal(hour, counted[0].GetProperty("time").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task AMetricWithStringValuesIsListedWithTheStringValueType()
    {
        var strings = Names.Unique("status");
        var numbers = Names.Unique("pressure");
        var at = ApiJson.Iso(DateTime.UtcNow.AddSeconds(-5));
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.PostJsonAsync("/ingest", $$"""
            {"data": [{"time": "{{at}}", "metric": "{{strings}}", "value": 1}, {"time": "{{at}}", "metric": "{{strings}}", "value": "machine_start"},
                      {"time": "{{at}}", "metric": "{{numbers}}", "value": 1013}]}
            """)).StatusCode);

        var listed = await Eventually.MatchesAsync(
            async () => (await fixture.Http.GetJsonAsync("/metrics")).EnumerateArray().Where(m => m.GetProperty("name").GetString() is var n && (n == strings || n == numbers)).ToArray(),
            m => m.Length == 2, "both metrics listed");

        Assert.Equal("string", listed.Single(m => m.GetProperty("name").GetString() == strings).GetProperty("value_type").GetString());
        Assert.Equal("number", listed.Single(m => m.GetProperty("name").GetString() == numbers).GetProperty("value_type").GetString());
    }

    [Fact]
    public async Task StringValuesSurviveTheirGrainsReactivationAndARetriedBatchIsStoredOnce()
    {
        var test = Names.Unique("checkout");
        var at = DateTime.UtcNow.AddMinutes(-1);
        var batch = $$"""
            {"batchId": "{{test}}-1", "test": "{{test}}", "variant": "B", "metric": "method",
             "points": [{"timestamp": "{{ApiJson.Iso(at)}}", "value": "paypal"}, {"timestamp": "{{ApiJson.Iso(at.AddMilliseconds(1))}}", "value": 9}]}
            """;
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.PostJsonAsync("/v1/points", batch)).StatusCode);

        await fixture.DeactivateAllGrainsAsync();
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.PostJsonAsync("/v1/points", batch)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.PostJsonAsync("/v1/points",
            $$"""{"test": "{{test}}", "variant": "B", "metric": "method", "timestamp": "{{ApiJson.Iso(at.AddMilliseconds(2))}}", "value": "支付宝"}""")).StatusCode);

        var raw = await fixture.Http.GetJsonAsync($"/v1/points?test={test}&metric=method&from={Uri.EscapeDataString(ApiJson.Iso(at))}&to={Uri.EscapeDataString(ApiJson.Iso(at.AddSeconds(1)))}");
        Assert.Equal(["paypal", 9.0, "支付宝"], raw.GetProperty("points").EnumerateArray().Select(p => StringValueRoundTrip.ValueOf(p.GetProperty("value"))));
        Assert.All(raw.GetProperty("points").EnumerateArray(), p => Assert.Equal("B", p.GetProperty("variant").GetString()));
    }
}
