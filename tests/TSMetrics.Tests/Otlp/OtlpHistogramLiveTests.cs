using System.Text.Json;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Metrics.V1;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;
using static TSMetrics.Tests.Otlp.OtlpExports;

namespace TSMetrics.Tests.Otlp;

/// <summary>A histogram data point pushed live is one point with its sum, count and extremes, which a live client adds as the gateway does.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OtlpHistogramLiveTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ALiveHistogramPointCarriesItsCountAndExtremesBesideItsSum()
    {
        await using var gateway = OtlpGateway.Start(fixture);
        var test = Names.Unique("histlive");
        var first = await ResponseOfAsync(await PostProtobufAsync(gateway.Otlp, Export(test, sum: 5, seed: 1)));
        Assert.Null(first.PartialSuccess);
        await using var live = await LiveClient.ConnectAsync(gateway.Api, $"/v1/tests/{test}/live?points=true");
        await live.NextAsync("comparison", _ => true, TimeSpan.FromSeconds(10), "a first comparison");

        var response = await ResponseOfAsync(await PostProtobufAsync(gateway.Otlp, Export(test, sum: 7, seed: 2)));
        Assert.Null(response.PartialSuccess);

        var points = await live.NextAsync("points", p => p.EnumerateArray().Any(IsTheSecond),
            TimeSpan.FromSeconds(10), "the histogram point pushed live");
        var point = points.EnumerateArray().Single(IsTheSecond);
        Assert.Equal((7.0, 4L, 0.5, 3.0),
            (point.GetProperty("value").GetDouble(), point.GetProperty("count").GetInt64(), point.GetProperty("min").GetDouble(), point.GetProperty("max").GetDouble()));
    }

    private static bool IsTheSecond(JsonElement point) => point.GetProperty("metric").GetString() == "duration" && point.GetProperty("value").GetDouble() == 7;

    private static ExportMetricsServiceRequest Export(string test, double sum, int seed)
    {
        var point = new HistogramDataPoint { TimeUnixNano = NowNanos + (ulong)seed, Count = 4, Sum = sum, Min = 0.5, Max = 3 };
        point.ExplicitBounds.AddRange([1, 2]);
        point.BucketCounts.AddRange([1, 1, 2]);
        point.Attributes.AddRange([Attribute("feature_flag.key", test), Attribute("feature_flag.result.variant", "A")]);
        var histogram = new Histogram { AggregationTemporality = AggregationTemporality.Delta, DataPoints = { point } };
        return new ExportMetricsServiceRequest
        {
            ResourceMetrics = { new ResourceMetrics { ScopeMetrics = { new ScopeMetrics { Metrics = { new Metric { Name = "duration", Histogram = histogram } } } } } },
        };
    }
}
