using System.Text;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Tests.Unit;

public sealed class PointBatchParserTests
{
    private static readonly long Now = UnixTime.ToMicros(new DateTime(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc));
    private static readonly IngestOptions Options = new();

    [Fact]
    public void ASinglePointObjectIsReadWithEveryField()
    {
        var (batch, errors) = Parse("""
            {"test": "checkout_v2", "variant": "B", "metric": "response_time", "value": 93.1,
             "timestamp": "2026-11-23T08:00:00.250Z", "userId": "u-1842", "tags": {"host": "web-3"}}
            """);

        Assert.False(errors.HasErrors);
        Assert.True(batch.IsSinglePoint);
        var point = Assert.Single(batch.Points);
        Assert.Equal(("checkout_v2", "B", "response_time", 93.1), (point.Test, point.Variant, point.Metric, point.Value));
        Assert.Equal(Now + 250_000, point.TimeMicros);
        Assert.Equal("u-1842", point.UserId);
        Assert.Equal("""{"host": "web-3"}""", point.TagsJson);
    }

    [Fact]
    public void TimestampsAreIsoTextOrUnixSecondsWithFractionsAndDefaultToNow()
    {
        var (batch, errors) = Parse("""
            [{"metric": "cpu", "value": 1, "timestamp": 1795420800.5},
             {"metric": "cpu", "value": 2, "timestamp": "2026-11-23T08:00:00"},
             {"metric": "cpu", "value": 3}]
            """);

        Assert.False(errors.HasErrors);
        Assert.Equal(1_795_420_800_500_000, batch.Points[0].TimeMicros);
        Assert.Equal(Now, batch.Points[1].TimeMicros); // no offset means UTC
        Assert.Equal(Now, batch.Points[2].TimeMicros);
    }

    [Fact]
    public void APointsContainerGivesItsFieldsToPointsAndAcceptsCompactPairs()
    {
        var (batch, errors) = Parse("""
            {"points": [[1795420800, 1.5], {"value": 2, "variant": "A"}], "test": "t", "metric": "m", "variant": "B"}
            """);

        Assert.False(errors.HasErrors);
        Assert.Equal(2, batch.Points.Count);
        Assert.All(batch.Points, p => Assert.Equal(("t", "m"), (p.Test, p.Metric)));
        Assert.Equal("B", batch.Points[0].Variant);
        Assert.Equal("A", batch.Points[1].Variant);
        Assert.Equal(1.5, batch.Points[0].Value);
    }

    [Fact]
    public void PredecessorFieldNamesAreUnderstood()
    {
        var (batch, errors) = Parse("""[{"name": "latency", "ts": "2026-11-23T08:00:00Z", "value": 4, "abTest": "x", "variant": "A"}]""");

        Assert.False(errors.HasErrors);
        Assert.Equal(("x", "latency", Now), (batch.Points[0].Test, batch.Points[0].Metric, batch.Points[0].TimeMicros));
    }

    [Theory]
    [InlineData("""[{"metric": "m", "value": ""}]""", "points[0].value")]
    [InlineData("""[{"metric": "m", "value": 1}, {"metric": "m", "value": 1e400}]""", "points[1].value")]
    [InlineData("""[{"metric": "m", "value": true}]""", "points[0].value")]
    [InlineData("""[{"metric": 5, "value": 1}]""", "points[0].metric")]
    [InlineData("""[{"metric": "m", "value": 1, "timestamp": "yesterday"}]""", "points[0].timestamp")]
    [InlineData("""[{"metric": "m", "value": 1, "timestamp": -5}]""", "points[0].timestamp")]
    [InlineData("""[{"metric": "m", "value": 1, "tags": [1, 2]}]""", "points[0].tags")]
    [InlineData("""[{"metric": "m", "value": 1}, 7]""", "points[1]")]
    [InlineData("""{"metric": "m", "value": "a\nb"}""", "value")]
    [InlineData("""{"metric": "m", "value": "\ud800"}""", "value")]
    [InlineData("""[{"metric": "m", "value": 1""", "body")]
    [InlineData("", "body")]
    [InlineData("42", "body")]
    // Strings PostgreSQL cannot store (found by the fuzz test: they failed whole journal writes).
    [InlineData("""[{"metric": "m", "value": 1, "userId": "a\u0000b"}]""", "points[0].userId")]
    [InlineData("""[{"metric": "m", "value": 1, "tags": {"k": "\u0000"}}]""", "points[0].tags")]
    [InlineData("""[{"metric": "m", "value": 1, "tags": {"\ud800": "v"}}]""", "points[0].tags")]
    [InlineData("""[{"metric": "m", "value": 1, "tags": {"k": ["\udfff"]}}]""", "points[0].tags")]
    [InlineData("""[{"metric": "m\ud800", "value": 1}]""", "points[0].metric")]
    [InlineData("""[{"metric": "m", "value": 1, "userId": "\ud83d"}]""", "points[0].userId")]
    public void TypeProblemsNameTheFieldAndTheIndexOfThePoint(string json, string field)
    {
        var (_, errors) = Parse(json);

        Assert.True(errors.HasErrors);
        Assert.Contains(field, errors.Reported.Keys);
    }

    [Fact]
    public void EscapedValidUnicodeInTagsAndUserIdsIsKept()
    {
        var (batch, errors) = Parse("""[{"metric": "m", "value": 1, "userId": "\u00e9\ud83d\ude00", "tags": {"k": "\u00e9"}}]""");

        Assert.False(errors.HasErrors);
        Assert.Equal("é😀", batch.Points[0].UserId);
        Assert.Equal("""{"k": "\u00e9"}""", batch.Points[0].TagsJson);
    }

    [Fact]
    public void TooManyPointsIsReportedOnceOnPoints()
    {
        var options = new IngestOptions { MaxPointsPerBatch = 2 };
        var (batch, errors) = Parse("""[{"metric":"m","value":1},{"metric":"m","value":2},{"metric":"m","value":3},{"metric":"m","value":4}]""", options);

        Assert.Equal(2, batch.Points.Count);
        Assert.Contains("points", errors.Reported.Keys);
    }

    [Fact]
    public void TagsBeyondTheConfiguredCountOrSizeAreRejected()
    {
        var options = new IngestOptions { MaxTagsPerPoint = 1, MaxTagsBytes = 20 };

        var tooMany = Parse("""{"metric":"m","value":1,"tags":{"a":1,"b":{"nested":2}}}""", options).Errors;
        var tooLarge = Parse("""{"metric":"m","value":1,"tags":{"a":"0123456789012345678901"}}""", options).Errors;

        Assert.Contains("2 tags", tooMany.Reported["tags"][0]);
        Assert.Contains("bytes", tooLarge.Reported["tags"][0]);
    }

    [Fact]
    public void UnknownFieldsAreIgnoredSoNewerClientsStillWork()
    {
        var (batch, errors) = Parse("""{"metric": "m", "value": 1, "source": {"deep": [1, 2]}}""");

        Assert.False(errors.HasErrors);
        Assert.Equal(1, batch.Points[0].Value);
    }

    internal static (ParsedBatch Batch, IngestErrors Errors) Parse(string json, IngestOptions? options = null)
    {
        var batch = new ParsedBatch();
        var errors = new IngestErrors(100);
        PointBatchParser.Parse(Encoding.UTF8.GetBytes(json), options ?? Options, batch, errors);
        if (!errors.HasErrors) PointValidator.Validate(batch, Now, new IngestOptions(), errors);
        return (batch, errors);
    }
}
