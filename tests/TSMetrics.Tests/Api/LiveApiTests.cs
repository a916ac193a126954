using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TSMetrics.Gateway.Api.Live;
using TSMetrics.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TSMetrics.Tests.Api;

[Collection(ClusterCollection.Name)]
public sealed class LiveApiTests(ClusterFixture fixture, ITestOutputHelper output)
{
    // The push interval is 250 ms and a point typically shows within a few hundred ms; the budget is wider so
    // that a busy shared CI machine does not fail the test, and the measured delay is printed.
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task ServerSentEventsDeliverTheComparisonAndANewPointWithinASecond()
    {
        var test = Names.Unique("live");
        await Post(test, "A", 1);
        await Post(test, "B", 2);
        await using var live = await LiveClient.ConnectAsync(fixture.Http, $"/v1/tests/{test}/live?points=true");
        var first = await live.NextAsync("comparison", _ => true, TimeSpan.FromSeconds(5), "the first comparison");
        var before = TotalN(first);

        var posted = System.Diagnostics.Stopwatch.StartNew();
        await Post(test, "B", 42.5);

        // One snapshot carries both: the comparison first, then the points it counted.
        await live.NextAsync("comparison", c => TotalN(c) == before + 1, OneSecond, "a comparison counting the new point");
        output.WriteLine($"the new point reached the SSE client {posted.ElapsedMilliseconds} ms after the POST was sent");
        var points = await live.NextAsync("points", p => p.EnumerateArray().Any(x => x.GetProperty("value").GetDouble() == 42.5), OneSecond, "the new point");
        Assert.Equal("B", points.EnumerateArray().First(x => x.GetProperty("value").GetDouble() == 42.5).GetProperty("variant").GetString());
    }

    [Fact]
    public async Task AWebSocketClientGetsTheSameMessages()
    {
        var test = Names.Unique("live");
        await Post(test, "A", 1);
        var client = fixture.Gateway.Server.CreateWebSocketClient();
        using var socket = await client.ConnectAsync(new Uri(fixture.Gateway.Server.BaseAddress, $"/v1/tests/{test}/ws?points=true&method=bayesian"), CancellationToken.None);

        var first = await ReceiveAsync(socket, m => m.GetProperty("type").GetString() == "comparison", TimeSpan.FromSeconds(5));
        Assert.Equal("bayesian", first.GetProperty("data").GetProperty("method").GetString());

        await Post(test, "B", 7.25);
        var points = await ReceiveAsync(socket, m => m.GetProperty("type").GetString() == "points", OneSecond);
        Assert.Equal(7.25, points.GetProperty("data")[0].GetProperty("value").GetDouble());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Fact]
    public async Task ManySubscribersShareOneStreamSubscriptionAndSeeTheSameSnapshots()
    {
        var test = Names.Unique("live");
        await Post(test, "A", 1);
        var hub = fixture.Gateway.Services.GetRequiredService<LiveHub>();
        var before = hub.SubscriptionCount;
        var clients = new List<LiveClient>();
        for (var i = 0; i < 5; i++) clients.Add(await LiveClient.ConnectAsync(fixture.Http, $"/v1/tests/{test}/live"));
        foreach (var client in clients) await client.NextAsync("comparison", _ => true, TimeSpan.FromSeconds(5), "the first comparison");

        Assert.Equal(before + 1, hub.SubscriptionCount);
        await Post(test, "B", 3);
        var totals = new List<long>();
        foreach (var client in clients) totals.Add(TotalN(await client.NextAsync("comparison", c => TotalN(c) == 2, OneSecond, "the comparison with the new point")));
        Assert.All(totals, n => Assert.Equal(2, n));

        foreach (var client in clients) await client.DisposeAsync();
        await Eventually.MatchesAsync(() => Task.FromResult(hub.SubscriptionCount), count => count == before, "the shared subscription being dropped");
    }

    [Fact]
    public async Task PlainMetricsArePushedLiveWithEveryPoint()
    {
        var metric = Names.Unique("cpu");
        await PostPlain(metric, 1);
        await using var live = await LiveClient.ConnectAsync(fixture.Http, "/v1/metrics/live?points=true");
        await live.NextAsync("comparison", _ => true, TimeSpan.FromSeconds(5), "the first snapshot");

        await PostPlain(metric, 77.5);

        // One snapshot carries both: the comparison first, then the points it counted.
        await live.NextAsync("comparison", c => PlainCount(c, metric) == 2, OneSecond, "the metric counting both points");
        var points = await live.NextAsync("points", p => p.EnumerateArray().Any(x => x.GetProperty("metric").GetString() == metric), OneSecond, "the plain point");
        Assert.Equal(77.5, points.EnumerateArray().Single(x => x.GetProperty("metric").GetString() == metric).GetProperty("value").GetDouble());
    }

    private static long PlainCount(JsonElement analysis, string metric) =>
        analysis.GetProperty("metrics").EnumerateArray()
            .Where(m => m.GetProperty("metric").GetString() == metric)
            .Sum(m => m.GetProperty("variants").EnumerateArray().Sum(v => v.GetProperty("n").GetInt64()));

    [Fact]
    public async Task APlainHttpRequestToTheWebSocketEndpointGets400()
    {
        var response = await fixture.Http.GetAsync("/v1/tests/t/ws");

        await response.AssertRejectedNamingAsync("connection");
    }

    private async Task PostPlain(string metric, double value)
    {
        var response = await fixture.Http.PostJsonAsync("/v1/points", $$"""{"metric": "{{metric}}", "value": {{value}}}""");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static long TotalN(JsonElement analysis) =>
        analysis.GetProperty("metrics").EnumerateArray().Sum(m => m.GetProperty("variants").EnumerateArray().Sum(v => v.GetProperty("n").GetInt64()));

    private async Task Post(string test, string variant, double value)
    {
        var response = await fixture.Http.PostJsonAsync("/v1/points", $$"""{"test": "{{test}}", "variant": "{{variant}}", "metric": "m", "value": {{value}}}""");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task<JsonElement> ReceiveAsync(WebSocket socket, Func<JsonElement, bool> condition, TimeSpan timeout) =>
        LiveWebSocket.ReceiveAsync(socket, condition, timeout);
}
