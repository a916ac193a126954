using System.Net;
using System.Text.Json;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.EndToEnd;

/// <summary>
/// Silos killed with SIGKILL while their acknowledged points are only in the journal (a 5-minute flush
/// interval): history answers count every point at once, and the rollups catch up without any traffic to
/// the series, also when the survivor of two silos takes over.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class CrashRecoveryHistoryTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> SlowFlushes = new()
    {
        ["TSMetrics__Window__FlushInterval"] = "00:05:00",
        ["TSMetrics__Storage__CatchUpInterval"] = "00:00:01",
        ["TSMetrics__Storage__CatchUpAge"] = "00:00:03",
    };

    private readonly int _httpPort = ServiceProcess.FreePort();
    private readonly List<ServiceProcess> _processes = [];
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("tsm_recovery");

    public async Task DisposeAsync()
    {
        foreach (var process in _processes) process.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task AfterACrashHistoryCountsEveryPointAtOnceAndUntouchedSeriesReachTheRollups()
    {
        var siloPort = ServiceProcess.FreePort();
        var gatewayPort = ServiceProcess.FreePort();
        // Until the crash nothing reaches the rollups: no flush, no catch-up.
        var silo = Keep(await TsMetricsProcesses.StartSiloAsync(_database, siloPort, gatewayPort,
            new Dictionary<string, string>(SlowFlushes) { ["TSMetrics__Storage__CatchUpAge"] = "01:00:00" }));
        Keep(await TsMetricsProcesses.StartGatewayAsync(_database, gatewayPort, _httpPort));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}") };

        var now = DateTime.UtcNow;
        var threeDaysAgo = now.AddDays(-3);
        var asked = Names.Unique("asked");
        var untouched = Names.Unique("untouched");
        foreach (var test in new[] { asked, untouched })
        {
            // 20,000 points over the last 30 minutes and 2,000 from three days ago, as the issue measured.
            for (var part = 0; part < 4; part++)
                await PostAsync(http, Points(test, 5_000, i => now.AddMilliseconds(-(part * 5_000 + i) * 90)));
            await PostAsync(http, Points(test, 2_000, i => threeDaysAgo.AddSeconds(i)));
        }

        silo.Kill();
        Assert.Equal(0, await RolledUpAsync(asked) + await RolledUpAsync(untouched));
        Keep(await TsMetricsProcesses.StartSiloAsync(_database, siloPort, gatewayPort, SlowFlushes));

        // The first answer after the new silo is reachable already counts every point of three days ago.
        var range = $"from={ApiJson.Iso(threeDaysAgo.AddHours(-1))}&to={ApiJson.Iso(threeDaysAgo.AddHours(1))}";
        var history = await FirstAnswerAsync(http, $"/v1/series?test={asked}&metric=latency&granularity=1m&{range}");
        Assert.Equal(2_000, Count(history));
        var legacy = await FirstAnswerAsync(http,
            $"/metrics?abTestName={asked}&metricName=latency&granularity=1m&start={ApiJson.Iso(threeDaysAgo.AddHours(-1))}&end={ApiJson.Iso(threeDaysAgo.AddHours(1))}");
        var minutes = Enumerable.Range(0, 2_000).Select(i => threeDaysAgo.AddSeconds(i).Ticks / TimeSpan.TicksPerMinute).Distinct().Count();
        Assert.Equal(minutes, legacy.GetProperty("count").GetInt32());

        // Nothing asks for the other test: the silo's catch-up brings its journal to the rollups by itself.
        await Eventually.MatchesAsync(() => RolledUpAsync(untouched), count => count == 22_000,
            "the untouched series reaching the rollups", TimeSpan.FromSeconds(30));
        var stored = await FirstAnswerAsync(http, $"/v1/series?test={untouched}&metric=latency&granularity=1h&from={ApiJson.Iso(now.AddDays(-4))}&to={ApiJson.Iso(now.AddMinutes(1))}");
        Assert.Equal(22_000, Count(stored));
        Assert.Equal(22_000, await RolledUpAsync(untouched, "tsm.rollup_1h"));
    }

    [Fact]
    public async Task TheSurvivorOfTwoSilosCatchesUpTheSeriesOfTheOneThatDied()
    {
        var silos = new List<ServiceProcess>();
        var gatewayPorts = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            gatewayPorts.Add(ServiceProcess.FreePort());
            var settings = new Dictionary<string, string>(SlowFlushes) { ["TSMetrics__Clustering"] = "AdoNet" };
            silos.Add(Keep(await TsMetricsProcesses.StartSiloAsync(_database, ServiceProcess.FreePort(), gatewayPorts[i], settings)));
        }

        Keep(await TsMetricsProcesses.StartGatewayAsync(_database, gatewayPorts[0], _httpPort, new Dictionary<string, string> { ["TSMetrics__Clustering"] = "AdoNet" }));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}"), Timeout = TimeSpan.FromSeconds(60) };

        // Twelve tests, so that both silos hold some of their series; nothing touches them after the kill.
        var now = DateTime.UtcNow;
        var tests = Enumerable.Range(0, 12).Select(_ => Names.Unique("quiet")).ToList();
        foreach (var test in tests)
            await PostAsync(http, Points(test, 500, i => i % 2 == 0 ? now.AddSeconds(-i) : now.AddDays(-3).AddSeconds(i)));
        silos[1].Kill();

        foreach (var test in tests)
            await Eventually.MatchesAsync(() => RolledUpAsync(test), count => count == 500, $"{test} reaching the rollups", TimeSpan.FromSeconds(60));
        foreach (var test in tests)
        {
            var stored = await FirstAnswerAsync(http, $"/v1/series?test={test}&metric=latency&granularity=1h&from={ApiJson.Iso(now.AddDays(-4))}&to={ApiJson.Iso(now.AddMinutes(1))}");
            Assert.Equal(500, Count(stored));
        }
    }

    private ServiceProcess Keep(ServiceProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private Task<long> RolledUpAsync(string test, string table = "tsm.rollup_1m") =>
        _database.ScalarAsync($"SELECT coalesce(sum(count), 0) FROM {table} WHERE test = $1", test);

    private static string Points(string test, int count, Func<int, DateTime> at) =>
        "[" + string.Join(",", Enumerable.Range(0, count).Select(i =>
            $$"""{"test": "{{test}}", "variant": "{{(i % 2 == 0 ? "A" : "B")}}", "metric": "latency", "value": {{i % 50}}, "timestamp": "{{ApiJson.Iso(at(i))}}", "userId": "u{{i % 97}}"}""")) + "]";

    private static async Task PostAsync(HttpClient http, string json)
    {
        var response = await http.PostJsonAsync("/v1/points", json);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    // Waits only for the gateway to reach a silo again; the first answer it gives is the one asserted.
    private static async Task<JsonElement> FirstAnswerAsync(HttpClient http, string url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode) return await response.ReadJsonAsync();
                if ((int)response.StatusCode < 500 || DateTime.UtcNow > deadline)
                    Assert.Fail($"GET {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // The gateway is still reconnecting to the restarted silo.
            }

            await Task.Delay(100);
        }
    }

    private static long Count(JsonElement series) =>
        series.GetProperty("variants").EnumerateArray().Sum(v => v.GetProperty("buckets").EnumerateArray().Sum(b => b.GetProperty("count").GetInt64()));
}
