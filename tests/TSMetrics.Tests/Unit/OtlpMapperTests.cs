using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Gateway.Api.Otlp;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;
using static TSMetrics.Tests.Otlp.OtlpExports;

namespace TSMetrics.Tests.Unit;

public sealed class OtlpMapperTests
{
    private static readonly IngestOptions Limits = new();

    [Fact]
    public void DataPointAttributesWinOverScopeWhichWinsOverResourceAndEnduserIdIsAcceptedForUserId()
    {
        var export = Gauge("m",
            Point(1),
            Point(2, Attribute("feature_flag.result.variant", "point"), Attribute("user.id", "u-new"), Attribute("enduser.id", "u-old")),
            Point(3, Attribute("feature_flag.key", "point-test"), Attribute("feature_flag.variant", "old-name")));
        var resource = export.ResourceMetrics[0];
        resource.Resource = new Resource { Attributes = { Attribute("feature_flag.key", "resource-test"), Attribute("feature_flag.result.variant", "resource"), Attribute("enduser.id", "u-res") } };
        resource.ScopeMetrics[0].Scope = new InstrumentationScope { Attributes = { Attribute("feature_flag.result.variant", "scope") } };

        var (points, rejected) = Map(export);

        Assert.Equal(0, rejected.Count);
        Assert.Equal(
            [("resource-test", "scope", "u-res"), ("resource-test", "point", "u-new"), ("point-test", "old-name", "u-res")],
            points.Select(p => (p.Test, p.Variant, p.UserId)));
    }

    [Fact]
    public void DeltaAndNonMonotonicSumsAreStoredAsGivenAndMonotonicCumulativeSumsAndCumulativeHistogramsAreRejected()
    {
        var export = new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { ScopeMetrics = { new ScopeMetrics
        {
            Metrics =
            {
                Sum("delta", AggregationTemporality.Delta, monotonic: true, 4),
                Sum("level", AggregationTemporality.Cumulative, monotonic: false, -2),
                Sum("total", AggregationTemporality.Cumulative, monotonic: true, 100),
                new Metric { Name = "h", Histogram = new Histogram { AggregationTemporality = AggregationTemporality.Cumulative, DataPoints = { new HistogramDataPoint(), new HistogramDataPoint() } } },
                // An empty delta data point (count 0) and one flagged "no recorded value" store nothing and are no error.
                new Metric { Name = "e", Histogram = new Histogram { AggregationTemporality = AggregationTemporality.Delta, DataPoints =
                {
                    new HistogramDataPoint { Sum = 0 },
                    new HistogramDataPoint { Flags = 1, Count = 1, Sum = 3, BucketCounts = { 1 } },
                } } },
                new Metric { Name = "s", Summary = new Summary { DataPoints = { new SummaryDataPoint() } } },
            },
        } } } } };

        var (points, rejected) = Map(export);

        Assert.Equal([("delta", 4.0), ("level", -2.0)], points.Select(p => (p.Metric!, p.Value)));
        Assert.Equal(4, rejected.Count);
        Assert.Equal($"4 data point(s) rejected: {OtlpMapper.CumulativeSum} (1); {OtlpMapper.CumulativeHistogram} (2); {OtlpMapper.Summary} (1)", rejected.Message());
    }

    [Fact]
    public void TimesAreMicrosecondsAPointWithoutTimeTakesTheReceiveTimeAndStalePointsAreSkipped()
    {
        var now = NowNanos;
        var timed = new NumberDataPoint { AsInt = 9, TimeUnixNano = now + 1_999 };
        var untimed = new NumberDataPoint { AsDouble = 1.5 };
        var stale = new NumberDataPoint { AsDouble = 3, TimeUnixNano = now, Flags = 1 };
        var old = new NumberDataPoint { AsDouble = 4, TimeUnixNano = now - 8UL * 24 * 3600 * 1_000_000_000 };
        var tooOld = new NumberDataPoint { AsDouble = 5, TimeUnixNano = now - 400UL * 24 * 3600 * 1_000_000_000 };
        var floor = new OtlpOptions();

        // History of any age is taken down to the ingest floor (here a year ago).
        var (points, rejected) = Map(Gauge("m", timed, untimed, stale, old, tooOld), floor,
            new IngestOptions { EarliestTimestamp = DateTimeOffset.UtcNow.AddDays(-365) });

        Assert.Equal([(9.0, (long)((now + 1_999) / 1_000), true), (1.5, 0L, false), (4.0, (long)(old.TimeUnixNano / 1_000), true)],
            points.Select(p => (p.Value, p.TimeMicros, p.HasTime)));
        Assert.Equal(1, rejected.Count);
        Assert.Contains("before the earliest accepted timestamp", rejected.Message());
    }

    [Fact]
    public void UnflaggedPointsArePlainMetricsByDefaultOrRejectedWhenConfiguredAndOtherAttributeNamesCanBeMapped()
    {
        var export = Gauge("m", Point(1), Point(2, Attribute("experiment", "exp"), Attribute("arm", "b")));

        var (byDefault, _) = Map(export);
        var (configured, rejected) = Map(export, new OtlpOptions { TestAttributes = "experiment", VariantAttributes = "arm", UnflaggedPoints = UnflaggedPoints.Reject });

        Assert.Equal([(null, null), (null, null)], byDefault.Select(p => (p.Test, p.Variant)));
        Assert.Equal([("exp", "b")], configured.Select(p => (p.Test, p.Variant)));
        Assert.Equal(1, rejected.Count);
    }

    [Fact]
    public void APortOutsideTheTcpRangeStopsTheGatewayAtStart()
    {
        var result = new OtlpOptionsValidator().Validate(null, new OtlpOptions { Port = 70_000 });

        Assert.True(result.Failed);
        Assert.Contains("Port", result.FailureMessage, StringComparison.Ordinal);
    }

    private static Metric Sum(string name, AggregationTemporality temporality, bool monotonic, double value) =>
        new() { Name = name, Sum = new Sum { AggregationTemporality = temporality, IsMonotonic = monotonic, DataPoints = { Point(value) } } };

    private static (List<RawPoint> Points, OtlpRejections Rejected) Map(ExportMetricsServiceRequest export, OtlpOptions? options = null, IngestOptions? limits = null)
    {
        var batch = new ParsedBatch();
        var rejected = new OtlpRejections();
        new OtlpMapper(options ?? new OtlpOptions()).Map(export, limits ?? Limits, (long)(NowNanos / 1_000), batch, rejected);
        return (batch.Points, rejected);
    }
}
