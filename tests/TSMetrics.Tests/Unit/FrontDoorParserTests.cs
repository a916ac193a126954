using System.Text;
using System.Text.Json;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Gateway.Api.Ingest.Formats;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Tests.Unit;

/// <summary>The predecessors' formats: what each parser reads, and errors named as each door's clients spell the fields.</summary>
public sealed class FrontDoorParserTests
{
    private static readonly long Now = UnixTime.ToMicros(new DateTime(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void ATornadoPointKeepsEveryOtherKeyAsATagVerbatim()
    {
        var (batch, errors) = Parse(PlainMetricParser.Parse, """{"name": "cpu", "ts": "2026-11-23 09:00:00+01", "value": 3.5, "host": "web-3", "build": {"n": [1, 2]}}""");

        Assert.False(errors.HasErrors, string.Join(", ", errors.Reported.Keys));
        var point = Assert.Single(batch.Points);
        Assert.Equal(("cpu", 3.5, Now, (string?)null), (point.Metric, point.Value, point.TimeMicros, point.Test));
        Assert.Equal("""{"host": "web-3","build": {"n": [1, 2]}}""", point.TagsJson);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(point.TagsJson!).RootElement.ValueKind);
    }

    [Fact]
    public void AGoServerPointReadsTimestampAndNamesItsErrorsAsTheGoClientSpellsThem()
    {
        var (batch, _) = Parse(PlainMetricParser.Parse, """{"timestamp":"2026-11-23T08:00:00Z", "name":"temperature","value":30}""");
        Assert.Equal(("temperature", 30.0, Now), (batch.Points[0].Metric, batch.Points[0].Value, batch.Points[0].TimeMicros));

        var (_, errors) = Parse(PlainMetricParser.Parse, """{"timestamp":"2026-11-23T08:00:00Z", "name":"temperature"}""");
        Assert.Equal(["value"], errors.Reported.Keys);
        var (_, nameless) = Parse(PlainMetricParser.Parse, """{"ts":"2026-11-23", "value": 1}""");
        Assert.Equal(["name"], nameless.Reported.Keys);
    }

    [Fact]
    public void StringValuesAreReadOnThePredecessorsDoorsAndNamedAsTheirClientsSpellThem()
    {
        var (tornado, _) = Parse(PlainMetricParser.Parse, """{"name":"asdf", "ts": "2016-01-01", "value": "qwerty"}""");
        var (fastApi, _) = Parse(FastApiIngestParser.Parse, """{"data": [{"time": "2026-11-23T08:00:00Z", "metric": "m", "value": 1}, {"time": "2026-11-23T08:00:00Z", "metric": "event", "value": "machine_start"}]}""");
        var (_, blank) = Parse(PlainMetricParser.Parse, """{"name":"asdf", "ts": "2016-01-01", "value": "  "}""");
        var (_, control) = Parse(FastApiIngestParser.Parse, """{"data": [{"time": "2026-11-23T08:00:00Z", "metric": "event", "value": "a\tb"}]}""");

        Assert.Equal(("qwerty", 0.0), (tornado.Points[0].Category, tornado.Points[0].Value));
        Assert.Equal([(null, 1.0), ("machine_start", 0.0)], fastApi.Points.Select(p => (p.Category, p.Value)));
        Assert.Contains("whitespace", blank.Reported["value"][0], StringComparison.Ordinal);
        Assert.Contains("U+0009", control.Reported["data[0].value"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void ExtraKeysObeyTheTagLimitsAndStorableTextRules()
    {
        var options = new IngestOptions { MaxTagsPerPoint = 2 };
        var (_, tooMany) = Parse(PlainMetricParser.Parse, """{"name": "m", "value": 1, "a": 1, "b": 2, "c": 3}""", options);
        var (_, nul) = Parse(PlainMetricParser.Parse, """{"name": "m", "value": 1, "host": "a\u0000b"}""");

        Assert.Contains("at most 2", tooMany.Reported["body"][0], StringComparison.Ordinal);
        Assert.Contains("NUL", nul.Reported["host"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void AFastApiBatchNeedsTimeAndMetricOnEveryPointAndIgnoresUnknownKeys()
    {
        var (batch, errors) = Parse(FastApiIngestParser.Parse, """{"data": [{"time": "2026-11-23T08:00:00Z", "metric": "t", "value": 23.5, "unit": "C"}], "source": "x"}""");
        Assert.False(errors.HasErrors);
        Assert.Equal(("t", 23.5, Now), (batch.Points[0].Metric, batch.Points[0].Value, batch.Points[0].TimeMicros));

        var (_, missing) = Parse(FastApiIngestParser.Parse, """{"data": [{"time": "2026-11-23T08:00:00Z", "value": 1}, {"metric": "t", "value": 1}]}""");
        Assert.Equal(["data[0].metric", "data[1].time"], missing.Reported.Keys.Order(StringComparer.Ordinal));
        var (_, empty) = Parse(FastApiIngestParser.Parse, """{"data": []}""");
        Assert.Equal(["data"], empty.Reported.Keys);
    }

    [Theory]
    [InlineData("2016-01-01", "2016-01-01T00:00:00Z")]
    [InlineData("2016-01-01 10:30:00", "2016-01-01T10:30:00Z")]
    [InlineData("2016-01-01T10:30:00.5", "2016-01-01T10:30:00.5Z")]
    [InlineData("2016-01-01 10:30:00+02", "2016-01-01T08:30:00Z")]
    [InlineData("2016-01-01T10:30:00-0130", "2016-01-01T12:00:00Z")]
    [InlineData("2016-01-01T10:30:00Z", "2016-01-01T10:30:00Z")]
    public void TimestampsAreReadAsPostgreSqlReadsThemWithUtcForNoOffset(string text, string expected)
    {
        Assert.True(Timestamps.TryParseIso(text, out var micros));
        Assert.Equal(UnixTime.ToMicros(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)), micros);
    }

    [Theory]
    [InlineData("1 hour", 3_600)]
    [InlineData("5 minutes", 300)]
    [InlineData("30 seconds", 30)]
    [InlineData("7 days", 604_800)]
    [InlineData("1 week", 604_800)]
    [InlineData("1h", 3_600)]
    public void IntervalsArePostgreSqlIntervalTextOrGranularities(string text, long seconds)
    {
        Assert.True(AggregationInterval.TryParse(text, out var micros));
        Assert.Equal(seconds * 1_000_000, micros);
    }

    [Theory]
    [InlineData("1 month")]
    [InlineData("hourly")]
    [InlineData("0 hours")]
    public void IntervalsWithoutAFixedWidthAreRefused(string text) => Assert.False(AggregationInterval.TryParse(text, out _));

    private static (ParsedBatch Batch, IngestErrors Errors) Parse(BodyParser parser, string json, IngestOptions? options = null)
    {
        var batch = new ParsedBatch();
        var errors = new IngestErrors(100);
        parser(Encoding.UTF8.GetBytes(json), options ?? new IngestOptions(), batch, errors);
        if (!errors.HasErrors) PointValidator.Validate(batch, Now, new IngestOptions(), errors);
        return (batch, errors);
    }
}
