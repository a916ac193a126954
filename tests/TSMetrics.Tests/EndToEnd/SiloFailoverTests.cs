using System.Net;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.EndToEnd;

/// <summary>
/// Three silos and a gateway clustered through PostgreSQL, under steady ingest; one silo is killed with
/// SIGKILL. Ingest goes on (the gateway and clients retry with the same batch ids), and afterwards every
/// acknowledged point is present exactly once: raw, in the rollups, and in live answers.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class SiloFailoverTests : IAsyncLifetime
{
    private readonly int _httpPort = ServiceProcess.FreePort();
    private readonly List<ServiceProcess> _processes = [];
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("tsm_failover");

    public async Task DisposeAsync()
    {
        foreach (var process in _processes) process.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task KillingOneOfThreeSilosLosesAndDoublesNothing()
    {
        var silos = new List<ServiceProcess>();
        for (var i = 0; i < 3; i++)
        {
            var gatewayPort = ServiceProcess.FreePort();
            silos.Add(Start("Silo", "TSMetrics.Silo", new()
            {
                ["ConnectionStrings__TimescaleDb"] = _database.OwnerConnectionString,
                ["TSMetrics__Clustering"] = "AdoNet",
                ["Orleans__SiloPort"] = ServiceProcess.FreePort().ToString(),
                ["Orleans__GatewayPort"] = gatewayPort.ToString(),
                ["TSMetrics__Window__FlushInterval"] = "00:00:00.500",
            }));
            await silos[i].WaitForTcpAsync(gatewayPort, TimeSpan.FromSeconds(60));
        }

        var gatewayEnvironment = new Dictionary<string, string>(TsMetricsProcesses.OpenGatewayEnvironment)
        {
            ["ConnectionStrings__TimescaleDb"] = _database.ApiConnectionString,
            ["TSMetrics__Clustering"] = "AdoNet",
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{_httpPort}",
            ["TSMetrics__Otlp__Port"] = ServiceProcess.FreePort().ToString(),
        };
        var gateway = Start("Gateway.Api", "TSMetrics.Gateway.Api", gatewayEnvironment);
        await gateway.WaitForTcpAsync(_httpPort, TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}"), Timeout = TimeSpan.FromSeconds(60) };
        Assert.Equal(3, await _database.ScalarAsync("SELECT count(*) FROM orleansmembershiptable WHERE status = 3"));

        var test = Names.Unique("failover");
        var load = new IngestLoad(http, test, clients: 4, retryFor: TimeSpan.FromSeconds(90),
            () => $"gateway:\n{Tail(gateway.Output)}\nsilo 1:\n{Tail(silos[1].Output)}");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var running = load.RunAsync(stop.Token);
        await Task.Delay(3_000);
        var before = load.AcknowledgedPoints;
        silos[0].Kill();
        await running;

        Assert.True(load.AcknowledgedPoints > before, "ingest stopped after the kill");
        Assert.DoesNotContain(load.Answers, a => (int)a.Status >= 500 && a.Status != HttpStatusCode.ServiceUnavailable);
        var sent = load.AcknowledgedPoints;
        Assert.Equal(sent, await _database.ScalarAsync("SELECT coalesce(sum(point_count), 0) FROM tsm.point_batches WHERE test = $1", test));
        await Eventually.MatchesAsync(
            () => _database.ScalarAsync("SELECT coalesce(sum(count), 0) FROM tsm.rollup_1m WHERE test = $1", test),
            count => count == sent, $"the rollups holding all {sent} points once", TimeSpan.FromSeconds(30));
        var live = await http.GetJsonAsync($"/v1/tests/{test}/comparison?last=1h");
        Assert.Equal(sent, live.GetProperty("metrics").EnumerateArray().Sum(m => m.GetProperty("variants").EnumerateArray().Sum(v => v.GetProperty("n").GetInt64())));
        var raw = await http.GetJsonAsync($"/v1/points?test={test}&metric=m0&from={ApiJson.Iso(DateTime.UtcNow.AddMinutes(-5))}&limit=10000");
        Assert.Equal(sent / 4, raw.GetProperty("count").GetInt32());
    }

    private ServiceProcess Start(string project, string assembly, Dictionary<string, string> environment)
    {
        var process = ServiceProcess.Start(project, assembly, environment);
        _processes.Add(process);
        return process;
    }

    private static string Tail(string text) => text.Length <= 4_000 ? text : text[^4_000..];
}
