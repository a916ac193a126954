using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.EndToEnd;

/// <summary>
/// The whole system as scripts/run.sh starts it, for the dashboard's browser tests: a real silo with 30 days
/// of demo history and live demo traffic, and a real gateway serving the dashboard, on a fresh database
/// and free ports.
/// </summary>
public sealed class DashboardSystem : IAsyncLifetime
{
    private readonly int _siloPort = ServiceProcess.FreePort();
    private readonly int _gatewayPort = ServiceProcess.FreePort();
    private readonly int _httpPort = ServiceProcess.FreePort();
    private TestDatabase _database = null!;
    private ServiceProcess? _silo;
    private ServiceProcess? _gateway;

    public string BaseUrl => $"http://127.0.0.1:{_httpPort}";

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("tsm_dash");
        _silo = await TsMetricsProcesses.StartSiloAsync(_database, _siloPort, _gatewayPort, new Dictionary<string, string>
        {
            ["TSMetrics__Demo__SeedHistory"] = "true",
            ["TSMetrics__Demo__LiveTraffic"] = "true",
            ["TSMetrics__Webhooks__AllowedHosts__0"] = "127.0.0.1", // the alert scenario's receiver
        });
        await StartGatewayAsync();
    }

    /// <summary>Kills the gateway as a crash would: open connections drop without a goodbye.</summary>
    public void KillGateway()
    {
        _gateway?.Dispose();
        _gateway = null;
    }

    public async Task StartGatewayAsync()
    {
        _gateway = await TsMetricsProcesses.StartGatewayAsync(_database, _gatewayPort, _httpPort);
        using var http = new HttpClient();
        await Eventually.MatchesAsync(async () => (await http.GetAsync($"{BaseUrl}/healthz")).IsSuccessStatusCode, ok => ok, "the gateway answering /healthz");
    }

    public async Task DisposeAsync()
    {
        _gateway?.Dispose();
        _silo?.Dispose();
        if (_database is not null) await _database.DisposeAsync();
    }
}
