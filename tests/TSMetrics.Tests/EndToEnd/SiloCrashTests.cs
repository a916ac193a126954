using System.Net;
using System.Text.Json;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.EndToEnd;

/// <summary>
/// The real silo and gateway processes: ingest, SIGKILL the silo right after the acknowledgement (before
/// any flush), restart it, and find every acknowledged point, exactly once, live and in storage; and a
/// per-user comparison unchanged whether the users' totals were only in the journal or already flushed.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class SiloCrashTests : IAsyncLifetime
{
    private readonly int _siloPort = ServiceProcess.FreePort();
    private readonly int _gatewayPort = ServiceProcess.FreePort();
    private readonly int _httpPort = ServiceProcess.FreePort();
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("tsm_e2e");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task EveryAcknowledgedPointSurvivesASiloKilledRightAfterTheAnswer()
    {
        // A long flush interval: when the silo dies, the acknowledged points exist only in the journal.
        using var silo = await StartSiloAsync(flushInterval: "00:05:00");
        using var gateway = await TsMetricsProcesses.StartGatewayAsync(_database, _gatewayPort, _httpPort);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}") };

        var test = Names.Unique("crash");
        var now = DateTime.UtcNow;
        var points = string.Join(",", Enumerable.Range(0, 2_000).Select(i =>
            $$"""{"test": "{{test}}", "variant": "{{(i % 2 == 0 ? "A" : "B")}}", "metric": "m{{i % 2}}", "value": {{i % 10}}, "timestamp": "{{ApiJson.Iso(now.AddMilliseconds(-i * 10))}}"}"""));
        var response = await http.PostJsonAsync("/v1/points", $"[{points}]");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        silo.Kill();
        Assert.Equal(0, await _database.ScalarAsync("SELECT coalesce(sum(count), 0) FROM tsm.rollup_1m WHERE test = $1", test));
        using var restarted = await StartSiloAsync(flushInterval: "00:00:00.500");

        // Live: the re-activated grains rebuild from the journal. Retries cover the client reconnecting.
        var from = ApiJson.Iso(now.AddMinutes(-5));
        foreach (var metric in new[] { "m0", "m1" })
        {
            await Eventually.MatchesAsync(
                () => LiveCountAsync(http, $"/v1/series?test={test}&metric={metric}&granularity=1m&from={from}"),
                count => count == 1_000, $"{metric} live count reaching 1000 after the restart", TimeSpan.FromSeconds(60));
        }

        // Storage: raw points complete, and the rollups flushed by the new silo hold each point once.
        var raw = await http.GetJsonAsync($"/v1/points?test={test}&metric=m0&from={from}&to={ApiJson.Iso(now.AddMinutes(1))}&limit=10000");
        Assert.Equal(1_000, raw.GetProperty("count").GetInt32());
        await Eventually.MatchesAsync(
            () => _database.ScalarAsync("SELECT coalesce(sum(count), 0) FROM tsm.rollup_1m WHERE test = $1", test),
            count => count == 2_000, "the recovered points being flushed to the rollups");
        await Task.Delay(1_500); // two more flush periods: a second, double-counting flush would show now
        Assert.Equal(2_000, await _database.ScalarAsync("SELECT sum(count) FROM tsm.rollup_1m WHERE test = $1", test));
        Assert.Equal(2_000, await _database.ScalarAsync("SELECT sum(count) FROM tsm.rollup_1h WHERE test = $1", test));
    }

    [Fact]
    public async Task AUserLevelComparisonIsUnchangedByKillsBeforeBetweenAndAfterTheFlushes()
    {
        var silo = await StartSiloAsync(flushInterval: "00:05:00");
        using var gateway = await TsMetricsProcesses.StartGatewayAsync(_database, _gatewayPort, _httpPort);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}") };
        var test = Names.Unique("crash");
        var rng = new Random(3);
        var points = string.Join(",", Enumerable.Range(0, 1_200).Select(i =>
            $$"""{"test": "{{test}}", "variant": "{{(i % 2 == 0 ? "A" : "B")}}", "metric": "m", "userId": "u{{i % 60}}", "value": {{rng.Next(100)}}}"""));
        Assert.Equal(HttpStatusCode.OK, (await http.PostJsonAsync("/v1/points", $"[{points}]")).StatusCode);
        var before = Variants(await http.GetJsonAsync($"/v1/tests/{test}/comparison"));
        Assert.Equal("A:30/600", before[..8]);

        // Killed before any flush: the journal tail alone rebuilds the users.
        silo.Kill();
        silo.Dispose();
        silo = await StartSiloAsync(flushInterval: "00:00:00.500", unitFlushInterval: "00:05:00", catchUpAge: "01:00:00");
        // No catch-up scan may write the units early (it flushes them), so a series read activates the grain.
        await Eventually.MatchesAsync(async () => { await http.GetAsync($"/v1/series?test={test}&metric=m"); return await TryVariantsAsync(http, test); },
            v => v == before, "the comparison after the first kill", TimeSpan.FromSeconds(60));
        await Eventually.MatchesAsync(
            () => _database.ScalarAsync("SELECT coalesce(sum(count), 0) FROM tsm.rollup_1h WHERE test = $1", test),
            n => n == 1_200, "the rollups being flushed");
        Assert.Equal(0, await _database.ScalarAsync("SELECT count(*) FROM tsm.unit_totals WHERE test = $1", test));

        // Killed after the rollup flush, before the unit totals': the journal above their own watermark rebuilds them.
        silo.Kill();
        silo.Dispose();
        silo = await StartSiloAsync(flushInterval: "00:00:00.500", unitFlushInterval: "00:00:00.500");
        await Eventually.MatchesAsync(() => TryVariantsAsync(http, test), v => v == before, "the comparison after the second kill", TimeSpan.FromSeconds(60));
        await Eventually.MatchesAsync(
            () => _database.ScalarAsync("SELECT coalesce(sum(points), 0) FROM tsm.unit_totals WHERE test = $1", test),
            n => n == 1_200, "the users' totals being flushed");

        // Killed after both: the stored totals, with no journal tail, rebuild them.
        silo.Kill();
        silo.Dispose();
        using var last = await StartSiloAsync(flushInterval: "00:00:00.500");
        await Eventually.MatchesAsync(() => TryVariantsAsync(http, test), v => v == before, "the comparison after the third kill", TimeSpan.FromSeconds(60));
        Assert.Equal(1_200, await _database.ScalarAsync("SELECT sum(points) FROM tsm.unit_totals WHERE test = $1", test));
        Assert.Equal(1_200, await _database.ScalarAsync("SELECT sum(count) FROM tsm.rollup_1h WHERE test = $1", test));
    }

    private Task<ServiceProcess> StartSiloAsync(string flushInterval, string unitFlushInterval = "00:01:00", string catchUpAge = "00:00:10") =>
        TsMetricsProcesses.StartSiloAsync(_database, _siloPort, _gatewayPort, new Dictionary<string, string>
        {
            ["TSMetrics__Window__FlushInterval"] = flushInterval,
            ["TSMetrics__Window__UnitFlushInterval"] = unitFlushInterval,
            ["TSMetrics__Storage__CatchUpAge"] = catchUpAge,
        });

    private static async Task<long> LiveCountAsync(HttpClient http, string url)
    {
        try
        {
            var series = await http.GetJsonAsync(url);
            return series.GetProperty("variants").EnumerateArray().Sum(v => v.GetProperty("buckets").EnumerateArray().Sum(b => b.GetProperty("count").GetInt64()));
        }
        catch (Exception exception) when (exception is HttpRequestException or Xunit.Sdk.XunitException)
        {
            return -1; // the gateway is still reconnecting to the restarted silo
        }
    }

    private static string Variants(JsonElement analysis)
    {
        var metric = analysis.GetProperty("metrics")[0];
        Assert.Equal("user", metric.GetProperty("analysisUnit").GetString());
        return string.Join(" ", metric.GetProperty("variants").EnumerateArray().Select(v =>
            $"{v.GetProperty("variant").GetString()}:{v.GetProperty("n").GetInt64()}/{v.GetProperty("points").GetInt64()}/{v.GetProperty("mean").GetDouble():R}/{v.GetProperty("sd").GetDouble():R}"));
    }

    private static async Task<string> TryVariantsAsync(HttpClient http, string test)
    {
        try
        {
            return Variants(await http.GetJsonAsync($"/v1/tests/{test}/comparison"));
        }
        catch (Exception exception) when (exception is HttpRequestException or Xunit.Sdk.XunitException or InvalidOperationException or KeyNotFoundException)
        {
            return ""; // the gateway is still reconnecting to the restarted silo
        }
    }
}
