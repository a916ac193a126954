using System.Net;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TSMetrics.Tests.Alerts;

/// <summary>Alerts raised by traffic reach a real receiver on 127.0.0.1: signed, retried, once per change of state.</summary>
[Collection(AlertsCollection.Name)]
public sealed class WebhookDeliveryTests(AlertsClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task AGuardrailBreachReachesTheReceiverSignedWithinSecondsAndOncePerChange()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var test = Names.Unique("guard");
        var rng = new Random(17);
        await fixture.Http.PutJsonAsync($"/v1/tests/{test}/metrics/latency", new { unit = "ms", direction = "lower" });
        var (_, secret) = await AlertTraffic.AddHookAsync(fixture.Http, test, receiver.Url);
        await AlertTraffic.PostAsync(fixture.Http, test, "latency", "A", 100, 10, 400, rng);
        await AlertTraffic.PostAsync(fixture.Http, test, "latency", "B", 100, 10, 400, rng);

        var sent = DateTime.UtcNow;
        await AlertTraffic.PostAsync(fixture.Http, test, "latency", "B", 125, 10, 400, rng); // B's latency 25% worse
        var raised = await Eventually.MatchesAsync(
            () => Task.FromResult(AlertTraffic.EventsOf(receiver, "guardrail", "latency", "B")), events => events.Count > 0,
            "the guardrail alert reaching the receiver", TimeSpan.FromSeconds(5));
        output.WriteLine($"guardrail breach delivered {(raised[0].At - sent).TotalMilliseconds:0} ms after the points that caused it were sent");

        var delivery = raised[0];
        var json = delivery.Json;
        Assert.Equal(AlertTraffic.Signature(secret, delivery.Body), delivery.Signature);
        Assert.Equal(json.GetProperty("id").GetString(), delivery.EventId);
        Assert.StartsWith("application/json", delivery.ContentType);
        Assert.Equal("alert.raised", json.GetProperty("type").GetString());
        Assert.Equal(test, json.GetProperty("test").GetString());
        Assert.Equal("guardrailWorse", json.GetProperty("rule").GetProperty("type").GetString());
        Assert.Equal($"{AlertsClusterFixture.DashboardUrl}#/tests/{test}", json.GetProperty("link").GetString());
        var figures = json.GetProperty("figures");
        Assert.True(figures.GetProperty("lower").GetDouble() > 0, "the interval of a worse latency lies above 0");
        Assert.Equal(400, figures.GetProperty("controlN").GetInt64());

        // More breaching traffic means more snapshots and evaluations, but no second event.
        await AlertTraffic.PostAsync(fixture.Http, test, "latency", "B", 125, 10, 200, rng);
        await Eventually.MatchesAsync(() => fixture.Http.GetJsonAsync($"/v1/tests/{test}/alerts"),
            overview => AlertTraffic.Alert(overview, "guardrail", "latency", "B")?.GetProperty("figures").GetProperty("treatmentN").GetInt64() == 1_000,
            "the alert's figures showing the later traffic");
        Assert.Single(AlertTraffic.EventsOf(receiver, "guardrail", "latency", "B"));
        Assert.Single(AlertTraffic.EventsOf(receiver, "verdict", "latency", "B")); // the verdict rule saw it too, once
        Assert.Equal(receiver.Accepted.Count, receiver.Accepted.Select(r => r.EventId).Distinct().Count());
    }

    [Fact]
    public async Task ASampleRatioMismatchIsRaisedAndResolvedOnceEach()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var test = Names.Unique("srm");
        var rng = new Random(3);
        await AlertTraffic.AddHookAsync(fixture.Http, test, receiver.Url);
        await AlertTraffic.PostAsync(fixture.Http, test, "clicks", "A", 1, 0.1, 1_000, rng);
        await AlertTraffic.PostAsync(fixture.Http, test, "clicks", "B", 1, 0.1, 1_300, rng);
        await Eventually.MatchesAsync(() => Task.FromResult(AlertTraffic.EventsOf(receiver, "sample-ratio", null, null)), e => e.Count == 1, "the mismatch being raised");

        await AlertTraffic.PostAsync(fixture.Http, test, "clicks", "A", 1, 0.1, 300, rng);
        var events = await Eventually.MatchesAsync(() => Task.FromResult(AlertTraffic.EventsOf(receiver, "sample-ratio", null, null)), e => e.Count == 2, "the mismatch being resolved");
        await AlertTraffic.PostAsync(fixture.Http, test, "clicks", "B", 1, 0.1, 10, rng);
        await Eventually.MatchesAsync(() => fixture.Http.GetJsonAsync($"/v1/tests/{test}/alerts"),
            overview => AlertTraffic.Alert(overview, "sample-ratio", null, null)?.GetProperty("figures").GetProperty("observed.B").GetInt64() == 1_310,
            "the evaluation of the last traffic");

        events = AlertTraffic.EventsOf(receiver, "sample-ratio", null, null);
        Assert.Equal(["alert.raised", "alert.resolved"], events.Select(e => e.Json.GetProperty("type").GetString()));
        Assert.NotEqual(events[0].EventId, events[1].EventId);
        Assert.True(events[0].Json.GetProperty("figures").GetProperty("pValue").GetDouble() < 0.001);
        var overview = await fixture.Http.GetJsonAsync($"/v1/tests/{test}/alerts");
        Assert.False(AlertTraffic.Alert(overview, "sample-ratio", null, null)!.Value.GetProperty("raised").GetBoolean());
    }

    [Fact]
    public async Task AReceiverThatFailsTwiceGetsTheEventOnceAndTheLogShowsTheFailures()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 2);
        var test = Names.Unique("retry");
        var rng = new Random(5);
        var (hook, _) = await AlertTraffic.AddHookAsync(fixture.Http, test, receiver.Url);
        await AlertTraffic.PostAsync(fixture.Http, test, "clicks", "A", 1, 0.1, 1_000, rng);
        await AlertTraffic.PostAsync(fixture.Http, test, "clicks", "B", 1, 0.1, 1_400, rng);

        await Eventually.MatchesAsync(() => Task.FromResult(receiver.Accepted), accepted => accepted.Count == 1, "the third attempt being accepted");
        Assert.Equal([500, 500, 200], receiver.Requests.Select(r => r.Status));
        Assert.Single(receiver.Requests.Select(r => r.EventId).Distinct()); // one event, retried with its id
        Assert.Single(receiver.Requests.Select(r => r.Body).Distinct()); // the same signed bytes each time

        var log = await Eventually.MatchesAsync(() => fixture.Http.GetJsonAsync($"/v1/tests/{test}/hooks/{hook}/deliveries"),
            attempts => attempts.GetArrayLength() == 3, "three attempts in the delivery log");
        var attempts = log.EnumerateArray().OrderBy(a => a.GetProperty("attempt").GetInt32()).ToList();
        Assert.Equal([1, 2, 3], attempts.Select(a => a.GetProperty("attempt").GetInt32()));
        Assert.Equal([false, false, true], attempts.Select(a => a.GetProperty("delivered").GetBoolean()));
        Assert.Equal([500, 500, 200], attempts.Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal("answered 500", attempts[0].GetProperty("error").GetString());
        Assert.All(attempts, a => Assert.Equal(receiver.Requests[0].EventId, a.GetProperty("eventId").GetString()));
    }

    [Fact]
    public async Task RedirectsAreNotFollowed()
    {
        await using var target = await WebhookReceiver.StartAsync();
        await using var redirecting = await WebhookReceiver.StartAsync(redirectTo: target.Url);
        var test = Names.Unique("redirect");
        var rng = new Random(7);
        var (hook, _) = await AlertTraffic.AddHookAsync(fixture.Http, test, redirecting.Url);
        await AlertTraffic.PostAsync(fixture.Http, test, "clicks", "A", 1, 0.1, 1_000, rng);
        await AlertTraffic.PostAsync(fixture.Http, test, "clicks", "B", 1, 0.1, 1_400, rng);

        var log = await Eventually.MatchesAsync(() => fixture.Http.GetJsonAsync($"/v1/tests/{test}/hooks/{hook}/deliveries"),
            attempts => attempts.GetArrayLength() >= 2, "two attempts answered with a redirect");
        Assert.All(log.EnumerateArray(), a => Assert.Equal("answered 307; redirects are not followed", a.GetProperty("error").GetString()));
        Assert.Empty(target.Requests);
    }

    [Fact]
    public async Task AVariantThatStopsReceivingPointsIsRaisedAndResolvedWhenItsPointsReturn()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var test = Names.Unique("quiet");
        var rng = new Random(9);
        await AlertTraffic.AddHookAsync(fixture.Http, test, receiver.Url);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.PutJsonAsync($"/v1/tests/{test}/alerts/no-points", new { type = "noPoints", silenceSeconds = 2 })).StatusCode);
        await AlertTraffic.PostAsync(fixture.Http, test, "m", "A", 1, 0.1, 10, rng);
        await AlertTraffic.PostAsync(fixture.Http, test, "m", "B", 1, 0.1, 10, rng);

        // A keeps reporting (each probe posts a point); B has stopped.
        await Eventually.MatchesAsync(async () =>
            {
                await AlertTraffic.PostAsync(fixture.Http, test, "m", "A", 1, 0.1, 1, rng);
                return AlertTraffic.EventsOf(receiver, "no-points", "m", "B");
            },
            events => events.Count == 1, "B's silence being raised", TimeSpan.FromSeconds(20));
        await AlertTraffic.PostAsync(fixture.Http, test, "m", "B", 1, 0.1, 1, rng);
        var events = await Eventually.MatchesAsync(async () =>
            {
                await AlertTraffic.PostAsync(fixture.Http, test, "m", "A", 1, 0.1, 1, rng);
                await AlertTraffic.PostAsync(fixture.Http, test, "m", "B", 1, 0.1, 1, rng);
                return AlertTraffic.EventsOf(receiver, "no-points", "m", "B");
            },
            e => e.Count == 2, "B's silence being resolved", TimeSpan.FromSeconds(20));

        Assert.Equal(["alert.raised", "alert.resolved"], events.Select(e => e.Json.GetProperty("type").GetString()));
        Assert.Equal(2, events[0].Json.GetProperty("figures").GetProperty("silenceSeconds").GetDouble());
        Assert.Empty(AlertTraffic.EventsOf(receiver, "no-points", "m", "A"));
        Assert.Empty(AlertTraffic.EventsOf(receiver, "no-points", "m", null)); // A never stopped, so the metric did not
    }

    [Fact]
    public async Task AReceiverThatNeverAnswersTimesOutWhileIngestGoesOn()
    {
        await using var receiver = await WebhookReceiver.StartAsync(hang: true);
        var test = Names.Unique("hang");
        var rng = new Random(13);
        var (hook, _) = await AlertTraffic.AddHookAsync(fixture.Http, test, receiver.Url);
        await AlertTraffic.PostAsync(fixture.Http, test, "clicks", "A", 1, 0.1, 1_000, rng);
        await AlertTraffic.PostAsync(fixture.Http, test, "clicks", "B", 1, 0.1, 1_400, rng);
        await Eventually.MatchesAsync(() => Task.FromResult(receiver.Held), held => held > 0, "the delivery being held by the receiver");

        // While the receiver holds the delivery, the test's points are acknowledged and evaluated as usual.
        for (var i = 0; i < 10; i++) await AlertTraffic.PostAsync(fixture.Http, test, "clicks", "A", 1, 0.1, 10, rng);
        await Eventually.MatchesAsync(() => fixture.Http.GetJsonAsync($"/v1/tests/{test}/alerts"),
            overview => AlertTraffic.Alert(overview, "sample-ratio", null, null)?.GetProperty("figures").GetProperty("observed.A").GetInt64() == 1_100,
            "the later points being evaluated while the receiver hangs");

        var log = await Eventually.MatchesAsync(() => fixture.Http.GetJsonAsync($"/v1/tests/{test}/hooks/{hook}/deliveries"),
            attempts => attempts.GetArrayLength() >= 1, "the held attempt timing out", TimeSpan.FromSeconds(20));
        var attempt = log[0];
        Assert.False(attempt.GetProperty("delivered").GetBoolean());
        Assert.Equal("no answer within 2 s", attempt.GetProperty("error").GetString());
        Assert.False(attempt.TryGetProperty("statusCode", out var status) && status.ValueKind != System.Text.Json.JsonValueKind.Null, "no status without an answer");
    }
}
