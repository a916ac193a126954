using System.Diagnostics.Metrics;
using System.Text.Json;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;
using TSMetrics.Tests.Security;

namespace TSMetrics.Tests.Otlp;

/// <summary>
/// Histograms recorded with the OpenTelemetry .NET SDK (delta temporality), exported to the OTLP port: each
/// variant's histogram is a metric whose comparison has the exact mean and whose series answer percentiles
/// within the buckets' resolution, alike from memory and from the flushed rollups.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OpenTelemetryHistogramTests(ClusterFixture fixture)
{
    private const int PerVariant = 2_000;
    private const double Lift = 0.15;
    private static readonly double[] Levels = [0.5, 0.95];

    [Fact]
    public async Task AnExplicitBucketHistogramPerVariantHasTheExactMeanItsPercentilesAndTheInjectedLift()
    {
        // Buckets of 1 ms from 0 to 300 ms (302 buckets): quantiles within 1 ms (and the bins' 1%).
        var bounds = Enumerable.Range(0, 301).Select(i => (double)i).ToArray();
        await RecordAndCheckAsync("http.server.request.duration", name => new ExplicitBucketHistogramConfiguration { Boundaries = bounds },
            (exact, answered) => Math.Abs(answered - exact) <= 1 + 0.01 * exact);
    }

    [Fact]
    public async Task AnExponentialHistogramPerVariantHasTheExactMeanItsPercentilesAndTheInjectedLift()
    {
        // 160 buckets over these values' 4.8 octaves (11 to 299): the SDK picks scale 5 (152 buckets), buckets 2.2% wide, so a
        // geometric midpoint is within 1.1% of any value in its bucket (and the bins add 1%).
        // The name says nothing of time: the series keeps percentiles because it is fed histograms.
        await RecordAndCheckAsync("checkout.basket.value", name => new Base2ExponentialBucketHistogramConfiguration { MaxSize = 160 },
            (exact, answered) => Math.Abs(answered - exact) <= 0.025 * exact);
    }

    private async Task RecordAndCheckAsync(string prefix, Func<string, MetricStreamConfiguration> view, Func<double, double, bool> withinResolution)
    {
        await using var gateway = OtlpGateway.Start(fixture);
        var test = Names.Unique("hist");
        var metric = Names.Unique(prefix);
        var values = Values(new Random(11));
        using var meter = new Meter(Names.Unique("shop"));
        var histogram = meter.CreateHistogram<double>(metric, unit: null);
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meter.Name)
            .AddView(metric, view(metric))
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = new Uri($"http://127.0.0.1:{gateway.OtlpPort}/v1/metrics");
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                exporter.Headers = $"X-Api-Key={SecuredGateway.BootstrapKey}";
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Delta;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000; // only ForceFlush exports
            })
            .Build();

        // A: the values; B: each 15% larger (the injected lift).
        foreach (var value in values)
        {
            histogram.Record(value, new("feature_flag.key", test), new("feature_flag.result.variant", "A"));
            histogram.Record(value * (1 + Lift), new("feature_flag.key", test), new("feature_flag.result.variant", "B"));
        }

        Assert.True(provider.ForceFlush(30_000), "the OTLP export failed");
        var exact = new Dictionary<string, double[]> { ["A"] = values, ["B"] = values.Select(v => v * (1 + Lift)).ToArray() };

        // The comparison: n is the number of recorded values, the mean their exact mean, B's lift found.
        var analysis = await gateway.Api.GetJsonAsync($"/v1/tests/{test}/comparison?last=1h");
        var compared = ComparisonApiTests.Metric(analysis, metric);
        foreach (var variant in compared.GetProperty("variants").EnumerateArray())
        {
            var recorded = exact[variant.GetProperty("variant").GetString()!];
            Assert.Equal(PerVariant, variant.GetProperty("n").GetInt64());
            Assert.Equal(recorded.Sum() / PerVariant, variant.GetProperty("mean").GetDouble(), 1e-9);
        }

        var b = compared.GetProperty("comparisons")[0];
        Assert.Equal("increased", b.GetProperty("verdict").GetString());
        Assert.InRange(b.GetProperty("lift").GetDouble(), Lift - 0.03, Lift + 0.03);
        Assert.True(b.GetProperty("lower").GetDouble() > 0, "the lift's interval excludes 0");

        // Percentiles from memory, within the buckets' resolution of the exact ones.
        var now = DateTime.UtcNow;
        var hour = new DateTime(now.Ticks / TimeSpan.TicksPerHour * TimeSpan.TicksPerHour, DateTimeKind.Utc);
        var series = await gateway.Api.GetJsonAsync(
            $"/v1/series?test={test}&metric={metric}&granularity=1h&from={ApiJson.Iso(hour.AddHours(-1))}&to={ApiJson.Iso(hour.AddHours(2))}&q=0.5,0.95,0.99");
        var memory = new Dictionary<string, (long Count, double Sum, double[] Quantiles)>();
        foreach (var variant in series.GetProperty("variants").EnumerateArray())
        {
            var bucket = Assert.Single(variant.GetProperty("buckets").EnumerateArray());
            var name = variant.GetProperty("variant").GetString()!;
            var quantiles = new[] { "p50", "p95" }.Select(p => bucket.GetProperty("quantiles").GetProperty(p).GetDouble()).ToArray();
            memory[name] = (bucket.GetProperty("count").GetInt64(), bucket.GetProperty("sum").GetDouble(), quantiles);
            var sorted = exact[name].Order().ToArray();
            for (var i = 0; i < Levels.Length; i++)
            {
                var truth = sorted[(int)Math.Floor(Levels[i] * (PerVariant - 1))];
                Assert.True(withinResolution(truth, quantiles[i]), $"{name} p{Levels[i] * 100}: {quantiles[i]} vs exact {truth}");
            }
        }

        Assert.Equal(["A", "B"], memory.Keys.Order());
        // Once flushed, storage's history read gives the same counts, sums and percentiles as memory.
        await Eventually.MatchesAsync(
            () => fixture.Database.ScalarAsync("SELECT coalesce(sum(count), 0) FROM tsm.rollup_1h WHERE test = $1 AND metric = $2 AND bins IS NOT NULL", test, metric),
            count => count == 2 * PerVariant, "both variants' histograms flushed to the hour rollups with their bins");
        await using var api = NpgsqlDataSource.Create(fixture.Database.ApiConnectionString);
        var stored = await new HistoryReader(api).ReadAsync(new SeriesKey(test, metric), UnixTime.ToMicros(hour.AddHours(-1)), UnixTime.ToMicros(hour.AddHours(2)),
            3_600_000_000L, null, [0.5, 0.95], CancellationToken.None);
        foreach (var (name, answer) in memory)
        {
            var bucket = Assert.Single(stored[name]);
            Assert.Equal(answer.Count, bucket.Count);
            Assert.Equal(answer.Sum, bucket.Sum, 1e-9);
            Assert.Equal(answer.Quantiles, bucket.Quantiles!);
        }
    }

    // Latency-like values (log-normal, median 55 ms), all within (11, 300) ms.
    private static double[] Values(Random rng) =>
        Enumerable.Range(0, PerVariant).Select(_ => Math.Clamp(Math.Exp(4 + 0.4 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())), 11, 299)).ToArray();
}
