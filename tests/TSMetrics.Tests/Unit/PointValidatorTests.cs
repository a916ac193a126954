using System.Text;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Tests.Unit;

public sealed class PointValidatorTests
{
    private static readonly long Now = UnixTime.ToMicros(new DateTime(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc));

    [Theory]
    [InlineData("""[{"value": 1}]""", "points[0].metric", "required")]
    [InlineData("""[{"metric": "", "value": 1}]""", "points[0].metric", "empty")]
    [InlineData("""[{"metric": "has space", "value": 1}]""", "points[0].metric", "contains ' '")]
    [InlineData("""[{"metric": "a/b", "value": 1}]""", "points[0].metric", "contains '/'")]
    [InlineData("""[{"metric": "m", "value": 1}, {"metric": "m", "test": "t", "value": 1}]""", "points[1].variant", "required")]
    [InlineData("""[{"metric": "m", "test": "t", "variant": "", "value": 1}]""", "points[0].variant", "required")]
    [InlineData("""[{"metric": "m", "variant": "A", "value": 1}]""", "points[0].variant", "needs a test")]
    [InlineData("""[{"metric": "m"}]""", "points[0].value", "required")]
    [InlineData("""[{"metric": "m", "value": 1, "timestamp": "2026-11-23T09:00:00Z"}]""", "points[0].timestamp", "future")]
    [InlineData("""[{"metric": "m", "value": 1, "timestamp": "1999-12-31T23:59:59Z"}]""", "points[0].timestamp", "before the earliest accepted")]
    [InlineData("""{"metric": "m'; DROP TABLE tsm.tests; --", "value": 1}""", "metric", "contains")]
    public void EachRuleRejectsWithTheFieldAndTheReason(string json, string field, string reason)
    {
        var errors = Validate(json);

        Assert.True(errors.Reported.TryGetValue(field, out var problems), $"no error on {field}: {string.Join(", ", errors.Reported.Keys)}");
        Assert.Contains(reason, problems![0], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void HistoryOfAnyAgeIsAcceptedByDefaultFromTheUnixEpoch()
    {
        var batch = new ParsedBatch();
        var errors = new IngestErrors(10);
        PointBatchParser.Parse(Encoding.UTF8.GetBytes("""[{"metric": "m", "value": 1, "timestamp": "1970-01-01T00:00:00Z"}, {"metric": "m", "value": 2, "timestamp": "2008-06-01T12:00:00Z"}]"""), new IngestOptions(), batch, errors);
        PointValidator.Validate(batch, Now, new IngestOptions(), errors);

        Assert.False(errors.HasErrors, string.Join(", ", errors.Reported.Keys));
    }

    [Fact]
    public void NamesLongerThanTheLimitAreRejected()
    {
        var errors = Validate($$"""{"metric": "{{new string('m', 129)}}", "value": 1}""");
        Assert.Contains("129 characters", errors.Reported["metric"][0]);
    }

    [Fact]
    public void AValidBatchHasNoErrors()
    {
        var errors = Validate("""[{"test": "t", "variant": "A", "metric": "m.1:x-y_z", "value": -0.5, "timestamp": "2026-11-23T07:59:00Z"}]""");
        Assert.False(errors.HasErrors);
    }

    [Fact]
    public void ErrorsAreCappedButAllAreCounted()
    {
        var json = "[" + string.Join(",", Enumerable.Repeat("""{"value": 1}""", 50)) + "]";
        var batch = new ParsedBatch();
        var errors = new IngestErrors(5);
        PointBatchParser.Parse(Encoding.UTF8.GetBytes(json), new IngestOptions(), batch, errors);
        PointValidator.Validate(batch, Now, new IngestOptions(), errors);

        Assert.Equal(5, errors.Reported.Count);
        Assert.Equal(50, errors.Count);
    }

    private static IngestErrors Validate(string json)
    {
        var batch = new ParsedBatch();
        var errors = new IngestErrors(100);
        var options = new IngestOptions { EarliestTimestamp = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), MaxFutureSkew = TimeSpan.FromMinutes(5) };
        PointBatchParser.Parse(Encoding.UTF8.GetBytes(json), options, batch, errors);
        Assert.False(errors.HasErrors, string.Join(", ", errors.Reported.Keys));
        PointValidator.Validate(batch, Now, options, errors);
        return errors;
    }
}
