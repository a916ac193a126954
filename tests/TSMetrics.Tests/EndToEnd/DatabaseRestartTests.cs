using System.Net;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.EndToEnd;

/// <summary>
/// The database restarts under steady ingest: clients see 503 with Retry-After (never a 500), ingest
/// recovers by itself within seconds, and every acknowledged point is stored and counted exactly once.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class DatabaseRestartTests : IAsyncLifetime
{
    private readonly LocalTimescaleServer _server = new("restart", 5434);
    private readonly int _siloPort = ServiceProcess.FreePort();
    private readonly int _gatewayPort = ServiceProcess.FreePort();
    private readonly int _httpPort = ServiceProcess.FreePort();
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        await _server.StartAsync();
        _database = await TestDatabase.CreateAsync("tsm_restart", "127.0.0.1", _server.Port);
    }

    public async Task DisposeAsync()
    {
        await _server.StartAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task IngestSurvivesADatabaseRestartWithoutLossOrDoubleCounting()
    {
        using var silo = await TsMetricsProcesses.StartSiloAsync(_database, _siloPort, _gatewayPort,
            new Dictionary<string, string> { ["TSMetrics__Window__FlushInterval"] = "00:00:00.500" },
            _database.OwnerConnectionString + ";Timeout=3;Command Timeout=5");
        // A short retry window, so clients see the outage as 503s rather than slow answers.
        using var gateway = await TsMetricsProcesses.StartGatewayAsync(_database, _gatewayPort, _httpPort,
            new Dictionary<string, string> { ["TSMetrics__Ingest__RetryWindow"] = "00:00:00.500" });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}"), Timeout = TimeSpan.FromSeconds(30) };

        var test = Names.Unique("restart");
        var load = new IngestLoad(http, test, clients: 4, retryFor: TimeSpan.FromSeconds(60), () => $"silo:\n{silo.Output}\ngateway:\n{gateway.Output}");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(14));
        var running = load.RunAsync(stop.Token);

        await Task.Delay(2_000);
        await _server.StopAsync();
        await Task.Delay(4_000);
        await _server.StartAsync();
        var restartedAt = DateTime.UtcNow;
        await running;

        var answers = load.Answers.ToList();
        Assert.DoesNotContain(answers, a => (int)a.Status >= 500 && a.Status != HttpStatusCode.ServiceUnavailable);
        Assert.All(answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable), a => Assert.True(a.RetryAfter));
        Assert.Contains(answers, a => a.Status == HttpStatusCode.ServiceUnavailable);
        var recovered = answers.Where(a => a.Status == HttpStatusCode.OK && a.At > restartedAt).Select(a => a.At).DefaultIfEmpty(DateTime.MaxValue).Min();
        Assert.True(recovered - restartedAt < TimeSpan.FromSeconds(10), $"ingest took {recovered - restartedAt} to recover");

        var sent = load.AcknowledgedPoints;
        Assert.Equal(sent, await _database.ScalarAsync("SELECT coalesce(sum(point_count), 0) FROM tsm.point_batches WHERE test = $1", test));
        await Eventually.MatchesAsync(
            () => _database.ScalarAsync("SELECT coalesce(sum(count), 0) FROM tsm.rollup_1m WHERE test = $1", test),
            count => count == sent, $"all {sent} acknowledged points reaching the rollups once", TimeSpan.FromSeconds(20));
        var live = await http.GetJsonAsync($"/v1/tests/{test}/comparison?last=1h");
        Assert.Equal(sent, live.GetProperty("metrics").EnumerateArray().Sum(m => m.GetProperty("variants").EnumerateArray().Sum(v => v.GetProperty("n").GetInt64())));
    }
}
