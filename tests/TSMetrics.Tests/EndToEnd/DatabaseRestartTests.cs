using System.Collections.Concurrent;
using System.Net;
using System.Text;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.EndToEnd;

/// <summary>
/// The database restarts under steady ingest: clients see 503 with Retry-After (never a 500), ingest
/// recovers by itself within seconds, and every acknowledged point is stored and counted exactly once.
/// </summary>
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
        using var silo = ServiceProcess.Start("Silo", "TSMetrics.Silo", new Dictionary<string, string>
        {
            ["ConnectionStrings__TimescaleDb"] = _database.OwnerConnectionString + ";Timeout=3;Command Timeout=5",
            ["Orleans__SiloPort"] = _siloPort.ToString(),
            ["Orleans__GatewayPort"] = _gatewayPort.ToString(),
            ["TSMetrics__Window__FlushInterval"] = "00:00:00.500",
        });
        await silo.WaitForTcpAsync(_gatewayPort, TimeSpan.FromSeconds(60));
        using var gateway = ServiceProcess.Start("Gateway.Api", "TSMetrics.Gateway.Api", new Dictionary<string, string>
        {
            ["ConnectionStrings__TimescaleDb"] = _database.ApiConnectionString,
            ["Orleans__GatewayPort"] = _gatewayPort.ToString(),
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{_httpPort}",
            ["TSMetrics__Ingest__RetryWindow"] = "00:00:00.500", // so clients see the outage as 503s
        });
        await gateway.WaitForTcpAsync(_httpPort, TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}"), Timeout = TimeSpan.FromSeconds(30) };

        var test = Names.Unique("restart");
        var statuses = new ConcurrentBag<(HttpStatusCode Status, bool RetryAfter)>();
        var sent = 0L;
        DateTime? restartedAt = null;
        DateTime? firstSuccessAfterRestart = null;
        using var stopLoad = new CancellationTokenSource(TimeSpan.FromSeconds(14));
        var giveUp = DateTime.UtcNow.AddSeconds(60);

        var clients = Enumerable.Range(0, 4).Select(client => Task.Run(async () =>
        {
            for (var batch = 0; !stopLoad.IsCancellationRequested; batch++)
            {
                var key = $"c{client}-b{batch}";
                var body = Body(test, client, batch);
                // A client that keeps its promise: the same batch, with the same key, until it is acknowledged.
                while (true)
                {
                    var request = new HttpRequestMessage(HttpMethod.Post, "/v1/points") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                    request.Headers.Add("Idempotency-Key", key);
                    using var response = await http.SendAsync(request);
                    statuses.Add((response.StatusCode, response.Headers.RetryAfter is not null));
                    if (response.IsSuccessStatusCode)
                    {
                        if (restartedAt is not null) firstSuccessAfterRestart ??= DateTime.UtcNow;
                        break;
                    }

                    if (DateTime.UtcNow > giveUp)
                        throw new Xunit.Sdk.XunitException($"batch {key} was never acknowledged; last answer {response.StatusCode}.\nsilo:\n{silo.Output}\ngateway:\n{gateway.Output}");
                    await Task.Delay(200);
                }

                Interlocked.Add(ref sent, 20);
                await Task.Delay(50);
            }
        })).ToList();

        await Task.Delay(2_000);
        await _server.StopAsync();
        await Task.Delay(4_000);
        await _server.StartAsync();
        restartedAt = DateTime.UtcNow;
        await Task.WhenAll(clients);

        Assert.DoesNotContain(statuses, s => (int)s.Status >= 500 && s.Status != HttpStatusCode.ServiceUnavailable);
        Assert.All(statuses.Where(s => s.Status == HttpStatusCode.ServiceUnavailable), s => Assert.True(s.RetryAfter));
        Assert.Contains(statuses, s => s.Status == HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(firstSuccessAfterRestart);
        Assert.True(firstSuccessAfterRestart - restartedAt < TimeSpan.FromSeconds(10), $"ingest took {firstSuccessAfterRestart - restartedAt} to recover");

        Assert.Equal(sent, await _database.ScalarAsync("SELECT coalesce(sum(point_count), 0) FROM tsm.point_batches WHERE test = $1", test));
        await Eventually.MatchesAsync(
            () => _database.ScalarAsync("SELECT coalesce(sum(count), 0) FROM tsm.rollup_1m WHERE test = $1", test),
            count => count == sent, $"all {sent} acknowledged points reaching the rollups once", TimeSpan.FromSeconds(20));
        var live = await http.GetJsonAsync($"/v1/tests/{test}/comparison?last=1h");
        Assert.Equal(sent, live.GetProperty("metrics").EnumerateArray().Sum(m => m.GetProperty("variants").EnumerateArray().Sum(v => v.GetProperty("n").GetInt64())));
    }

    private static string Body(string test, int client, int batch) =>
        "[" + string.Join(",", Enumerable.Range(0, 20).Select(i =>
            $$"""{"test": "{{test}}", "variant": "{{(i % 2 == 0 ? "A" : "B")}}", "metric": "m{{client % 2}}", "value": {{batch + i}}}""")) + "]";
}
