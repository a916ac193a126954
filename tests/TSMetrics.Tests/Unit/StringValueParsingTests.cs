using System.Text;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Grains.Storage;

namespace TSMetrics.Tests.Unit;

/// <summary>String (categorical) values on the native door: read as sent, checked, grouped and journaled.</summary>
public sealed class StringValueParsingTests
{
    private static readonly string[] Methods = ["paypal", "card", "支付宝"];

    [Fact]
    public void AStringValueIsACategoryAsSentInObjectsAndCompactPairsMixedWithNumbers()
    {
        var (batch, errors) = PointBatchParserTests.Parse("""
            {"test": "checkout", "variant": "A", "metric": "payment", "points": [
                {"value": "paypal"}, {"value": 12.5}, ["2026-11-23T07:59:00Z", "carte bancaire é 支付 😀"], {"value": "23.5"}, {"value": "\u00e9\ud83d\ude00"}]}
            """);

        Assert.False(errors.HasErrors, string.Join(", ", errors.Reported.Keys));
        Assert.Equal(
            [("paypal", 0.0), (null, 12.5), ("carte bancaire é 支付 😀", 0.0), ("23.5", 0.0), ("é😀", 0.0)],
            batch.Points.Select(p => (p.Category, p.Value)));
    }

    [Fact]
    public void ARepeatedCategoryIsOneStringPerRequest()
    {
        var (batch, _) = PointBatchParserTests.Parse("""[{"metric": "m", "value": "paypal"}, {"metric": "m", "value": "paypal"}]""");

        Assert.Same(batch.Points[0].Category, batch.Points[1].Category);
    }

    [Fact]
    public void ABatchOfRepeatedCategoriesAllocatesNoMorePerPointThanABatchOfNumbers()
    {
        var numbers = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 1_000).Select(i => $$"""{"metric": "m", "value": {{i % 3}}}""")) + "]");
        var strings = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 1_000).Select(i => $$"""{"metric": "m", "value": "{{Methods[i % 3]}}"}""")) + "]");

        var numberBytes = ParseAllocations(numbers);
        var stringBytes = ParseAllocations(strings);

        // Three strings and their cached UTF-8 bytes, whatever the number of points.
        Assert.True(stringBytes - numberBytes < 1_024, $"{stringBytes - numberBytes} more bytes for 1,000 string values");
    }

    [Theory]
    [InlineData("\"\"", "empty")]
    [InlineData("\"   \"", "whitespace")]
    [InlineData("\"\\u00a0\\t\"", "U+0009")]
    [InlineData("\"line\\nbreak\"", "U+000A")]
    [InlineData("\"nul\\u0000\"", "U+0000")]
    [InlineData("\"\\u0085\"", "U+0085")]
    [InlineData("\"\\udc00x\"", "surrogate")]
    [InlineData("true", "number or a string, not a boolean")]
    [InlineData("{\"v\": 1}", "number or a string, not an object")]
    public void ABadStringValueIsRefusedNamingThePointAndTheReason(string value, string reason)
    {
        var (_, errors) = PointBatchParserTests.Parse($$"""[{"metric": "m", "value": 1}, {"metric": "m", "value": {{value}}}]""");

        Assert.Equal(["points[1].value"], errors.Reported.Keys);
        Assert.Contains(reason, errors.Reported["points[1].value"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void TheLengthLimitCountsCharactersAndIsConfigured()
    {
        var options = new IngestOptions { MaxStringValueLength = 5 };

        var (fits, fitErrors) = PointBatchParserTests.Parse("""{"metric": "m", "value": "ééééé"}""", options);
        var (_, tooLong) = PointBatchParserTests.Parse("""{"metric": "m", "value": "abcdef"}""", options);

        Assert.False(fitErrors.HasErrors);
        Assert.Equal("ééééé", fits.Points[0].Category);
        Assert.Contains("at most 5", tooLong.Reported["value"][0], StringComparison.Ordinal);
        Assert.Equal(200, new IngestOptions().MaxStringValueLength);
        Assert.False(new IngestOptionsValidator().Validate(null, new IngestOptions { MaxStringValueLength = 0 }).Succeeded);
    }

    [Fact]
    public void TheGroupedBatchAndItsJournalRowsCarryTheCategoriesOnlyWhereTheyAre()
    {
        var (batch, _) = PointBatchParserTests.Parse("""[{"metric": "m", "value": 3}, {"metric": "m", "value": "paypal"}, {"metric": "n", "value": 4}]""");

        var groups = SeriesGrouper.Group(batch.Points, "b1");
        var mixed = groups.Single(g => g.Key.Metric == "m").Batch;
        var rows = JournalRowGroup.Split(mixed, 3_600_000_000);
        var numbers = JournalRowGroup.Split(groups.Single(g => g.Key.Metric == "n").Batch, 3_600_000_000);

        Assert.Equal([(null, 3.0), ("paypal", 0.0)], mixed.Points.Select(p => (p.Category, p.Value)));
        Assert.Equal([false, true], mixed.Points.Select(p => p.IsCategorical));
        Assert.Equal(new string?[] { null, "paypal" }, Assert.Single(rows).Categories!.AsEnumerable());
        Assert.Null(Assert.Single(numbers).Categories);
    }

    private static long ParseAllocations(byte[] body)
    {
        var options = new IngestOptions();
        PointBatchParser.Parse(body, options, new ParsedBatch(), new IngestErrors(10));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var batch = new ParsedBatch();
        PointBatchParser.Parse(body, options, batch, new IngestErrors(10));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1_000, batch.Points.Count);
        return allocated;
    }
}
