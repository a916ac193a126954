using System.Net;
using System.Text.Json;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Predecessors;

/// <summary>
/// The Tornado Metrics API's README (shared/predecessors/metrics-api-tornado.md): POST /v1/metrics with
/// {name, ts, value} (other keys kept), GET /v1/metrics by name and inclusive sts/ets giving the points back
/// as posted, and every POST pushed over a WebSocket.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TornadoPredecessorTests(ClusterFixture fixture)
{
    private const string ReadmePost = """{"name":"asdf", "ts": "2016-01-01", "value": "qwerty"}""";

    [Fact]
    public async Task TheReadmePostAsWrittenComesBackExactlyAsPosted()
    {
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.PostJsonAsync("/v1/metrics", ReadmePost)).StatusCode);

        var points = await fixture.Http.GetJsonAsync("/v1/metrics?name=asdf&sts=2016-01-01&ets=2016-01-01");

        var point = Assert.Single(points.EnumerateArray());
        Assert.Equal(("asdf", "qwerty"), (point.GetProperty("name").GetString(), point.GetProperty("value").GetString()));
        Assert.Equal(DateTimeOffset.Parse("2016-01-01T00:00:00Z"), point.GetProperty("ts").GetDateTimeOffset());
    }

    [Fact]
    public async Task ARecentPostComesBackAsPostedWithItsExtraKeysByNameAndInclusiveRange()
    {
        var name = Names.Unique("asdf");
        var at = DateTime.UtcNow.AddMinutes(-5);
        at = new DateTime(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        var ts = at.ToString("yyyy-MM-dd HH:mm:ss");
        var response = await fixture.Http.PostJsonAsync("/v1/metrics",
            $$"""{"name":"{{name}}", "ts": "{{ts}}", "value": 12.5, "host": "web-3", "build": {"sha": "abc", "n": 7} }""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // To get an exact timestamp set sts and ets equal to each other: both ends are inclusive.
        var exact = await fixture.Http.GetJsonAsync($"/v1/metrics?name={name}&sts={Uri.EscapeDataString(ts)}&ets={Uri.EscapeDataString(ts)}");

        var point = Assert.Single(exact.EnumerateArray());
        Assert.Equal(["name", "ts", "value"], point.EnumerateObject().Take(3).Select(p => p.Name));
        Assert.Equal(["build", "host"], point.EnumerateObject().Skip(3).Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal((name, 12.5, "web-3"), (point.GetProperty("name").GetString(), point.GetProperty("value").GetDouble(), point.GetProperty("host").GetString()));
        Assert.Equal(at, point.GetProperty("ts").GetDateTime().ToUniversalTime());
        // Stored as jsonb: the same members, in jsonb's order.
        Assert.Equal(("abc", 7), (point.GetProperty("build").GetProperty("sha").GetString(), point.GetProperty("build").GetProperty("n").GetInt32()));
        Assert.Empty((await fixture.Http.GetJsonAsync($"/v1/metrics?name={name}&ets={Uri.EscapeDataString(ApiJson.Iso(at.AddSeconds(-1)))}")).EnumerateArray());
        Assert.Empty((await fixture.Http.GetJsonAsync($"/v1/metrics?name={name}&sts={Uri.EscapeDataString(ApiJson.Iso(at.AddSeconds(1)))}")).EnumerateArray());
        Assert.Contains((await fixture.Http.GetJsonAsync($"/v1/metrics?sts={Uri.EscapeDataString(ts)}&limit=10000")).EnumerateArray(),
            p => p.GetProperty("name").GetString() == name);
    }

    [Fact]
    public async Task TheReadmeQueriesAsWrittenAnswerTheirRangesBothEndsInclusive()
    {
        // The README's points are from 2016 (older than accepted yet): a recent point of 'foo' shows what each query selects.
        var value = Random.Shared.Next(1, 1_000_000) + 0.25;
        var stored = await fixture.Http.PostJsonAsync("/v1/metrics", $$"""{"name":"foo", "ts": "{{ApiJson.Iso(DateTime.UtcNow.AddMinutes(-3))}}", "value": {{value}}}""");
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);

        async Task<bool> Finds(string query)
        {
            // Page through with skip/limit: the shared database may hold many plain points.
            for (var skip = 0; ; skip += 10_000)
            {
                var points = (await fixture.Http.GetJsonAsync($"/v1/metrics{query}&skip={skip}&limit=10000")).EnumerateArray().ToArray();
                if (query.Contains("name=foo", StringComparison.Ordinal)) Assert.All(points, p => Assert.Equal("foo", p.GetProperty("name").GetString()));
                if (points.Any(p => p.GetProperty("name").GetString() == "foo" && p.GetProperty("value").GetDouble() == value)) return true;
                if (points.Length < 10_000) return false;
            }
        }

        Assert.True(await Finds("?name=foo"));
        Assert.True(await Finds("?name=foo&sts=2016-01-01"));
        Assert.False(await Finds("?ets=2016-01-02"));
        Assert.False(await Finds("?name=foo&sts=2016-01-01&ets=2016-01-02"));
        Assert.False(await Finds("?name=foo&sts=2016-01-02&ets=2016-01-02"));
        Assert.True(await Finds("?sts=2016-01-02"));
    }

    [Fact]
    public async Task EveryPostIsPushedOverTheWebSocket()
    {
        var name = Names.Unique("chart");
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.PostJsonAsync("/v1/metrics", $$"""{"name":"{{name}}", "value": 1}""")).StatusCode);
        var socketClient = fixture.Gateway.Server.CreateWebSocketClient();
        using var socket = await socketClient.ConnectAsync(new Uri(fixture.Gateway.Server.BaseAddress, "/v1/metrics/ws?points=true"), CancellationToken.None);
        await LiveWebSocket.ReceiveAsync(socket, m => m.GetProperty("type").GetString() == "comparison", TimeSpan.FromSeconds(10));

        var response = await fixture.Http.PostJsonAsync("/v1/metrics", $$"""{"name":"{{name}}", "ts": "{{ApiJson.Iso(DateTime.UtcNow)}}", "value": 61.5}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The first point may ride along in the same push: look for the new one.
        await LiveWebSocket.ReceiveAsync(socket,
            m => m.GetProperty("type").GetString() == "points"
                && m.GetProperty("data").EnumerateArray().Any(p => p.GetProperty("metric").GetString() == name && p.GetProperty("value").GetDouble() == 61.5),
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ABadRangeIsA400NamingTheParameter()
    {
        await (await fixture.Http.GetAsync("/v1/metrics?sts=yesterday")).AssertRejectedNamingAsync("sts");
        await (await fixture.Http.GetAsync("/v1/metrics?sts=2016-01-03&ets=2016-01-02")).AssertRejectedNamingAsync("sts");
    }
}
