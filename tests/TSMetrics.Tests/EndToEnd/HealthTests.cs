using System.Net;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.EndToEnd;

/// <summary>
/// /healthz and /readyz of a real silo and gateway: ready while cluster and database answer, 503 while the
/// database is stopped and 200 again when it returns; alive throughout.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class HealthTests : IAsyncLifetime
{
    private readonly LocalTimescaleServer _server = new("health", 5436);
    private readonly int _siloPort = ServiceProcess.FreePort();
    private readonly int _gatewayPort = ServiceProcess.FreePort();
    private readonly int _httpPort = ServiceProcess.FreePort();
    private readonly int _siloHttpPort = ServiceProcess.FreePort();
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        await _server.StartAsync();
        _database = await TestDatabase.CreateAsync("tsm_health", "127.0.0.1", _server.Port);
    }

    public async Task DisposeAsync()
    {
        await _server.StartAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task ReadinessFollowsTheDatabaseWhileLivenessStaysUp()
    {
        using var silo = await TsMetricsProcesses.StartSiloAsync(_database, _siloPort, _gatewayPort,
            new Dictionary<string, string> { ["TSMetrics__Silo__HttpPort"] = _siloHttpPort.ToString() },
            _database.OwnerConnectionString + ";Timeout=2;Command Timeout=3");
        await silo.WaitForTcpAsync(_siloHttpPort, TimeSpan.FromSeconds(30)); // Kestrel starts after the silo
        using var gateway = await TsMetricsProcesses.StartGatewayAsync(_database, _gatewayPort, _httpPort);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var siloUrl = $"http://127.0.0.1:{_siloHttpPort}";
        var gatewayUrl = $"http://127.0.0.1:{_httpPort}";

        await ReadyAsync(http, siloUrl, HttpStatusCode.OK, "the silo ready at start");
        await ReadyAsync(http, gatewayUrl, HttpStatusCode.OK, "the gateway ready at start");
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{siloUrl}/dashboard/")).StatusCode); // off unless enabled

        await _server.StopAsync();
        await ReadyAsync(http, siloUrl, HttpStatusCode.ServiceUnavailable, "the silo not ready without its database");
        await ReadyAsync(http, gatewayUrl, HttpStatusCode.ServiceUnavailable, "the gateway not ready without its database");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{siloUrl}/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{gatewayUrl}/healthz")).StatusCode);

        await _server.StartAsync();
        await ReadyAsync(http, siloUrl, HttpStatusCode.OK, "the silo ready again");
        await ReadyAsync(http, gatewayUrl, HttpStatusCode.OK, "the gateway ready again");
    }

    private static Task<HttpStatusCode> ReadyAsync(HttpClient http, string baseUrl, HttpStatusCode expected, string what) =>
        Eventually.MatchesAsync(async () => (await http.GetAsync($"{baseUrl}/readyz")).StatusCode, status => status == expected, what, TimeSpan.FromSeconds(30));
}
