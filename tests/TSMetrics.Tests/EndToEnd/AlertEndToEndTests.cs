using System.Net;
using TSMetrics.LoadGen;
using TSMetrics.Tests.Alerts;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TSMetrics.Tests.EndToEnd;

/// <summary>
/// The real silo and gateway processes, LoadGen traffic and a receiver on 127.0.0.1: a guardrail breach
/// reaches the receiver within seconds, signed, once; the silo is killed and restarted, and the alert
/// neither fires again nor is forgotten, while silence after the restart is still noticed.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class AlertEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly IReadOnlyDictionary<string, string> SiloSettings = new Dictionary<string, string>
    {
        ["TSMetrics__Webhooks__AllowedHosts__0"] = "127.0.0.1",
        ["TSMetrics__Webhooks__FirstRetryDelay"] = "00:00:00.200",
        ["TSMetrics__Window__FlushInterval"] = "00:00:00.500",
    };

    private readonly int _siloPort = ServiceProcess.FreePort();
    private readonly int _gatewayPort = ServiceProcess.FreePort();
    private readonly int _httpPort = ServiceProcess.FreePort();
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("tsm_alerts");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task AGuardrailBreachFromLoadGenTrafficReachesTheReceiverOnceAndSurvivesASiloRestart()
    {
        using var silo = await TsMetricsProcesses.StartSiloAsync(_database, _siloPort, _gatewayPort, SiloSettings);
        using var gateway = await TsMetricsProcesses.StartGatewayAsync(_database, _gatewayPort, _httpPort);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}") };
        await using var receiver = await WebhookReceiver.StartAsync();
        var runId = Names.Unique("e2e");
        var test = $"{runId}_t0";
        Assert.Equal(HttpStatusCode.OK, (await http.PutJsonAsync($"/v1/tests/{test}/metrics/latency", new { unit = "ms", direction = "lower" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PutJsonAsync($"/v1/tests/{test}/alerts/no-points", new { type = "noPoints", silenceSeconds = 20 })).StatusCode);
        var (_, secret) = await AlertTraffic.AddHookAsync(http, test, receiver.Url);

        // No effect first: nothing to report.
        var quiet = await LoadGenerator.RunAsync(Traffic(runId, LoadMode.Steady, effect: 0), http, TextWriter.Null);
        Assert.Equal(0, quiet.ExitCode);
        Assert.Empty(AlertTraffic.EventsOf(receiver, "guardrail", "latency", "B"));

        // Then B's latency 50% higher: the breach must reach the receiver within 5 s of the traffic's start.
        var started = DateTime.UtcNow;
        var breach = LoadGenerator.RunAsync(Traffic(runId, LoadMode.Max, effect: 0.5), http, TextWriter.Null);
        var raised = await Eventually.MatchesAsync(() => Task.FromResult(AlertTraffic.EventsOf(receiver, "guardrail", "latency", "B")),
            events => events.Count > 0, "the guardrail breach reaching the receiver", TimeSpan.FromSeconds(5));
        var latency = raised[0].At - started;
        output.WriteLine($"guardrail breach from LoadGen traffic delivered {latency.TotalMilliseconds:0} ms after the breaching traffic started " +
                         $"(treatment n = {raised[0].Json.GetProperty("figures").GetProperty("treatmentN").GetInt64()})");
        Assert.Equal(0, (await breach).ExitCode);
        Assert.Equal(AlertTraffic.Signature(secret, raised[0].Body), raised[0].Signature);
        var changedAt = raised[0].Json.GetProperty("at").GetDateTime();

        // The test is in the catalog (flushed) before the crash, so the restarted silo knows to watch it.
        await Eventually.MatchesAsync(() => _database.ScalarAsync("SELECT count(*) FROM tsm.tests WHERE name = $1 AND last_seen IS NOT NULL", test),
            count => count == 1, "the test's last_seen being flushed");
        silo.Kill();
        var restartedAt = DateTime.UtcNow;
        using var restarted = await TsMetricsProcesses.StartSiloAsync(_database, _siloPort, _gatewayPort, SiloSettings);

        // Nobody calls the test: the restarted silo activates its alerts itself and notices the silence.
        var silence = await Eventually.MatchesAsync(() => Task.FromResult(AlertTraffic.EventsOf(receiver, "no-points", "latency", null)),
            events => events.Count > 0, "the silence after the restart being raised", TimeSpan.FromSeconds(60));
        Assert.True(silence[0].At > restartedAt);
        Assert.Single(AlertTraffic.EventsOf(receiver, "guardrail", "latency", "B")); // re-evaluated after the restart, not fired again
        var overview = await Eventually.MatchesAsync(() => http.GetJsonAsync($"/v1/tests/{test}/alerts"), _ => true, "the alerts being readable");
        var guardrail = AlertTraffic.Alert(overview, "guardrail", "latency", "B")!.Value;
        Assert.True(guardrail.GetProperty("raised").GetBoolean());
        Assert.Equal(changedAt, guardrail.GetProperty("changedAt").GetDateTime());
    }

    private LoadOptions Traffic(string runId, LoadMode mode, double effect) => new()
    {
        Url = new Uri($"http://127.0.0.1:{_httpPort}"),
        Mode = mode,
        RunId = runId,
        Tests = 1,
        Metrics = 1,
        Variants = 2,
        Effect = effect,
        Rate = 400,
        Interval = TimeSpan.FromMilliseconds(100),
        Seconds = 2,
        MaxPoints = mode == LoadMode.Max ? 6_000 : 0,
        BatchSize = 500,
        Concurrency = 4,
        Verify = false,
        Progress = false,
    };
}
