using TSMetrics.Client;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Client;

/// <summary>
/// Real processes: the gateway is killed in the middle of a stream of points (answers lost mid-request)
/// and started again; the client retries with the same idempotency keys and every point is stored once.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ClientGatewayRestartTests : IAsyncLifetime
{
    private readonly int _siloPort = ServiceProcess.FreePort();
    private readonly int _gatewayPort = ServiceProcess.FreePort();
    private readonly int _httpPort = ServiceProcess.FreePort();
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("tsm_client");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task EveryPointOfAStreamIsStoredOnceAcrossAGatewayRestart()
    {
        using var silo = await TsMetricsProcesses.StartSiloAsync(_database, _siloPort, _gatewayPort);
        var gateway = await TsMetricsProcesses.StartGatewayAsync(_database, _gatewayPort, _httpPort);
        var test = Names.Unique("restart");
        await using var harness = new ClientHarness(new Uri($"http://127.0.0.1:{_httpPort}"), o => o.BatchSize = 200);
        var client = harness.Client;
        var tracked = 0;

        async Task StreamAsync(int points)
        {
            for (var end = tracked + points; tracked < end; tracked++)
            {
                Assert.True(client.Track(new ExperimentPoint(test, tracked % 2 == 0 ? "A" : "B", "latency", tracked, $"u-{tracked % 97}")));
                if (tracked % 50 == 0) await Task.Delay(5); // a service's steady trickle, not one burst
            }
        }

        await StreamAsync(3_000);
        await Eventually.MatchesAsync(() => Task.FromResult(client.Counters.Acknowledged), n => n > 0, "first points acknowledged");
        var streaming = StreamAsync(6_000);
        await Eventually.MatchesAsync(() => Task.FromResult(tracked), n => n > 5_000, "the stream running");
        gateway.Kill();
        gateway.Dispose();
        await Eventually.MatchesAsync(() => Task.FromResult(client.Counters.Retries), n => n > 0, "the client retrying while the gateway is down");
        using var restarted = await TsMetricsProcesses.StartGatewayAsync(_database, _gatewayPort, _httpPort);
        await streaming;
        await StreamAsync(1_000);
        await client.FlushAsync();

        Assert.Equal(10_000, client.Counters.Acknowledged);
        Assert.Equal(0, client.Counters.Dropped + client.Counters.Rejected + client.Counters.Failed);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}") };
        var a = await ClientHarness.StoredValuesAsync(http, test, "latency", "A");
        var b = await ClientHarness.StoredValuesAsync(http, test, "latency", "B");
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => (double)i), a.Concat(b).Order());
        Assert.Equal(10_000, await _database.StoredPointsAsync(test));
    }
}
