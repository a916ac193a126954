using System.Net;
using System.Text.Json;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.EndToEnd;

/// <summary>
/// The real processes: a per-user comparison is the same after a SIGKILL, whether the users' totals were
/// only in the journal (rebuilt from its tail) or already flushed to tsm.unit_totals (loaded from there).
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class SiloCrashUnitTests : IAsyncLifetime
{
    private readonly int _siloPort = ServiceProcess.FreePort();
    private readonly int _gatewayPort = ServiceProcess.FreePort();
    private readonly int _httpPort = ServiceProcess.FreePort();
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("tsm_e2e");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task AUserLevelComparisonIsUnchangedByKillsBeforeAndAfterTheFlush()
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
        silo = await StartSiloAsync(flushInterval: "00:00:00.500");
        await Eventually.MatchesAsync(() => TryVariantsAsync(http, test), v => v == before, "the comparison after the first kill", TimeSpan.FromSeconds(60));
        await Eventually.MatchesAsync(
            () => _database.ScalarAsync("SELECT coalesce(sum(points), 0) FROM tsm.unit_totals WHERE test = $1", test),
            n => n == 1_200, "the users' totals being flushed");

        // Killed after the flush: the stored totals, with no journal tail, rebuild them.
        silo.Kill();
        silo.Dispose();
        using var last = await StartSiloAsync(flushInterval: "00:00:00.500");
        await Eventually.MatchesAsync(() => TryVariantsAsync(http, test), v => v == before, "the comparison after the second kill", TimeSpan.FromSeconds(60));
        Assert.Equal(1_200, await _database.ScalarAsync("SELECT sum(points) FROM tsm.unit_totals WHERE test = $1", test));
    }

    private Task<ServiceProcess> StartSiloAsync(string flushInterval) =>
        TsMetricsProcesses.StartSiloAsync(_database, _siloPort, _gatewayPort, new Dictionary<string, string> { ["TSMetrics__Window__FlushInterval"] = flushInterval });

    // Per variant: users/points/mean/sd, exact to the printed digits.
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
