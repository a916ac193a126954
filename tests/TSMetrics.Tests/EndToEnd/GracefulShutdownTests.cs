using System.Net;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.EndToEnd;

/// <summary>A silo stopped with SIGTERM flushes everything it holds before it exits.</summary>
[Collection(ProcessCollection.Name)]
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private readonly int _siloPort = ServiceProcess.FreePort();
    private readonly int _gatewayPort = ServiceProcess.FreePort();
    private readonly int _httpPort = ServiceProcess.FreePort();
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("tsm_stop");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task SigtermFlushesEveryHeldBucketBeforeTheSiloExits()
    {
        // A long flush interval: only a shutdown flush can write the rollups.
        using var silo = await TsMetricsProcesses.StartSiloAsync(_database, _siloPort, _gatewayPort,
            new Dictionary<string, string> { ["TSMetrics__Window__FlushInterval"] = "00:05:00" });
        using var gateway = await TsMetricsProcesses.StartGatewayAsync(_database, _gatewayPort, _httpPort);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}") };

        var test = Names.Unique("stop");
        var points = string.Join(",", Enumerable.Range(0, 500).Select(i =>
            $$"""{"test": "{{test}}", "variant": "{{(i % 2 == 0 ? "A" : "B")}}", "metric": "m{{i % 5}}", "value": {{i}}}"""));
        Assert.Equal(HttpStatusCode.OK, (await http.PostJsonAsync("/v1/points", $"[{points}]")).StatusCode);
        Assert.Equal(0, await _database.ScalarAsync("SELECT count(*) FROM tsm.rollup_1m WHERE test = $1", test));

        await silo.StopAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(500, await _database.ScalarAsync("SELECT sum(count) FROM tsm.rollup_1m WHERE test = $1", test));
        Assert.Equal(500, await _database.ScalarAsync("SELECT sum(count) FROM tsm.rollup_1s WHERE test = $1", test));
        // Every series' watermark covers its journal: a restart has nothing to replay.
        Assert.Equal(0, await _database.ScalarAsync("""
            SELECT count(*) FROM tsm.point_batches b JOIN tsm.series_watermarks w USING (test, metric)
            WHERE b.test = $1 AND b.seq > w.flushed_seq
            """, test));
        Assert.Equal(5, await _database.ScalarAsync("SELECT count(*) FROM tsm.series_watermarks WHERE test = $1", test));
    }
}
