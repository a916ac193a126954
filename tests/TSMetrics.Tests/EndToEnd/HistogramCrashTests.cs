using System.Net;
using System.Text.Json;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Metrics.V1;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;
using static TSMetrics.Tests.Otlp.OtlpExports;

namespace TSMetrics.Tests.EndToEnd;

/// <summary>
/// OTLP histogram points acknowledged by a silo killed with SIGKILL before any flush: they are only in the
/// journal, and history (the journal tail), the restarted silo's memory (refolded from the journal) and
/// finally the rollups answer the same counts, sums and percentiles as before the crash.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class HistogramCrashTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> SlowFlushes = new()
    {
        ["TSMetrics__Window__FlushInterval"] = "00:05:00",
        ["TSMetrics__Storage__CatchUpInterval"] = "00:00:01",
    };

    private readonly int _siloPort = ServiceProcess.FreePort();
    private readonly int _gatewayPort = ServiceProcess.FreePort();
    private readonly int _httpPort = ServiceProcess.FreePort();
    private readonly int _otlpPort = ServiceProcess.FreePort();
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("tsm_hist");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task AcknowledgedHistogramPointsSurviveASiloCrashAndAnswerAlikeFromTheJournalMemoryAndRollups()
    {
        // Until the crash nothing reaches the rollups: no flush, no catch-up.
        var silo = await TsMetricsProcesses.StartSiloAsync(_database, _siloPort, _gatewayPort,
            new Dictionary<string, string>(SlowFlushes) { ["TSMetrics__Storage__CatchUpAge"] = "01:00:00" });
        using var gateway = await TsMetricsProcesses.StartGatewayAsync(_database, _gatewayPort, _httpPort,
            new Dictionary<string, string> { ["TSMetrics__Otlp__Port"] = _otlpPort.ToString(), ["TSMetrics__Otlp__Host"] = "127.0.0.1" });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}"), Timeout = TimeSpan.FromSeconds(60) };
        using var otlp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_otlpPort}") };
        var test = Names.Unique("histcrash");
        var now = DateTime.UtcNow;
        var old = now.AddDays(-3);

        var response = await ResponseOfAsync(await PostProtobufAsync(otlp, Export(test, [now.AddSeconds(-5), old])));
        Assert.Null(response.PartialSuccess);
        var urls = new[] { Url(test, "latency", now.AddHours(-1), now.AddMinutes(1)), Url(test, "latency", old.AddHours(-1), old.AddHours(1)),
                           Url(test, "size", now.AddHours(-1), now.AddMinutes(1)), Url(test, "size", old.AddHours(-1), old.AddHours(1)) };
        var before = new List<string>();
        foreach (var url in urls) before.Add(Describe(await FirstAnswerAsync(http, url)));
        Assert.StartsWith("A:20/640/5/90/", before[0]); // two data points of 10 values each in one bucket
        Assert.StartsWith("A:12/150/8/16/", before[2]); // no min or max sent: the edges of the outermost buckets
        Assert.Equal(before[0], before[1]); // memory (recent hour) and the journal tail (old hour) alike
        Assert.Equal(before[2], before[3]);

        silo.Kill();
        silo.Dispose();
        Assert.Equal(0L, await _database.ScalarAsync("SELECT count(*) FROM tsm.rollup_1m WHERE test = $1", test));
        using var restarted = await TsMetricsProcesses.StartSiloAsync(_database, _siloPort, _gatewayPort,
            new Dictionary<string, string>(SlowFlushes) { ["TSMetrics__Storage__CatchUpAge"] = "00:00:03" });

        // The journal tail (old hour) and the refolded memory (recent one) answer as before the crash.
        for (var i = 0; i < urls.Length; i++) Assert.Equal(before[i], Describe(await FirstAnswerAsync(http, urls[i])));
        Assert.Equal(12L, await _database.StoredPointsAsync(test)); // one journal point per data point
        Assert.Equal(2 * 2 * (20 + 12), await _database.ScalarAsync("SELECT coalesce(sum(c), 0)::bigint FROM tsm.point_batches, unnest(counts) c WHERE test = $1", test));

        // The catch-up brings the journal to the rollups; they answer alike.
        await Eventually.MatchesAsync(() => _database.ScalarAsync("SELECT coalesce(sum(count), 0) FROM tsm.rollup_1h WHERE test = $1", test),
            count => count == 2 * 2 * (20 + 12), "every histogram value reaching the hour rollups", TimeSpan.FromSeconds(60));
        for (var i = 0; i < urls.Length; i++) Assert.Equal(before[i], Describe(await FirstAnswerAsync(http, urls[i])));
    }

    // Per variant and time: an explicit histogram of latency (two data points) and an exponential one of size.
    private static ExportMetricsServiceRequest Export(string test, DateTime[] times)
    {
        var latency = new Histogram { AggregationTemporality = AggregationTemporality.Delta };
        var size = new ExponentialHistogram { AggregationTemporality = AggregationTemporality.Delta };
        foreach (var time in times)
            foreach (var variant in new[] { "A", "B" })
            {
                var nanos = (ulong)((time - DateTime.UnixEpoch).Ticks * 100);
                for (var copy = 0; copy < 2; copy++)
                {
                    var point = new HistogramDataPoint { TimeUnixNano = nanos + (ulong)copy, Count = 10, Sum = variant == "A" ? 320 : 400, Min = 5, Max = 90 };
                    point.ExplicitBounds.AddRange([10, 20, 50, 100]);
                    point.BucketCounts.AddRange(variant == "A" ? [1, 4, 3, 2, 0] : [0, 3, 4, 3, 0]);
                    point.Attributes.AddRange([Attribute("feature_flag.result.variant", variant), Attribute("user.id", $"u-{variant}-{copy}")]);
                    latency.DataPoints.Add(point);
                }

                var exponential = new ExponentialHistogramDataPoint
                {
                    TimeUnixNano = nanos, Count = 12, Sum = variant == "A" ? 150 : 170, Scale = 2, ZeroCount = 0,
                    Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = 12, BucketCounts = { 2, 3, 1, variant == "A" ? 6UL : 0UL, variant == "A" ? 0UL : 6UL } },
                };
                exponential.Attributes.Add(Attribute("feature_flag.result.variant", variant));
                size.DataPoints.Add(exponential);
            }

        var scope = new ScopeMetrics { Scope = new() { Attributes = { Attribute("feature_flag.key", test) } } };
        scope.Metrics.Add(new Metric { Name = "latency", Histogram = latency });
        scope.Metrics.Add(new Metric { Name = "size", ExponentialHistogram = size });
        return new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { ScopeMetrics = { scope } } } };
    }

    private static string Url(string test, string metric, DateTime from, DateTime to) =>
        $"/v1/series?test={test}&metric={metric}&granularity=1h&from={ApiJson.Iso(from)}&to={ApiJson.Iso(to)}&q=0.5,0.95";

    // "A:count/sum/min/max/p50/p95;B:..." of the one non-empty bucket per variant.
    private static string Describe(JsonElement series) => string.Join(";", series.GetProperty("variants").EnumerateArray().Select(v =>
    {
        var b = Assert.Single(v.GetProperty("buckets").EnumerateArray());
        var q = b.GetProperty("quantiles");
        return $"{v.GetProperty("variant").GetString()}:{b.GetProperty("count").GetInt64()}/{b.GetProperty("sum").GetDouble():R}/{b.GetProperty("min").GetDouble():R}/{b.GetProperty("max").GetDouble():R}/{q.GetProperty("p50").GetDouble():R}/{q.GetProperty("p95").GetDouble():R}";
    }));

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
}
