using System.Net;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.EndToEnd;

/// <summary>The Orleans Dashboard on a silo's HTTP endpoint when TSMetrics:Silo:Dashboard is on (it is off by default: HealthTests).</summary>
[Collection(ProcessCollection.Name)]
public sealed class SiloDashboardTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("tsm_dash");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task AnEnabledDashboardServesItsPageAndTheClustersSilos()
    {
        var httpPort = ServiceProcess.FreePort();
        using var silo = await TsMetricsProcesses.StartSiloAsync(_database, ServiceProcess.FreePort(), ServiceProcess.FreePort(), new Dictionary<string, string>
        {
            ["TSMetrics__Silo__HttpPort"] = httpPort.ToString(),
            ["TSMetrics__Silo__Dashboard"] = "true",
        });
        await silo.WaitForTcpAsync(httpPort, TimeSpan.FromSeconds(30)); // Kestrel starts after the silo
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };

        var page = await Eventually.MatchesAsync(() => http.GetAsync("/dashboard/"), r => r.StatusCode == HttpStatusCode.OK, "the dashboard page", TimeSpan.FromSeconds(30));

        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var silos = await Eventually.MatchesAsync(() => http.GetStringAsync("/dashboard/DashboardCounters"), body => body.Contains("\"status\"", StringComparison.OrdinalIgnoreCase),
            "the dashboard's counters naming the silo", TimeSpan.FromSeconds(30));
        Assert.Contains("Active", silos, StringComparison.Ordinal);
    }
}
