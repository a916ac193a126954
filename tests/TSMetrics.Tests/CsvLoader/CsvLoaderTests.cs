using TSMetrics.CsvLoader;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.CsvLoader;

/// <summary>
/// The CSV loader against the real gateway with the FastAPI predecessor's IoT telemetry shape (ts, device,
/// numeric and boolean readings, a string status): numbers and strings arrive and are queryable as sent,
/// and reruns never count anything twice.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CsvLoaderTests(ClusterFixture fixture) : IDisposable
{
    private const string Device = "b8:27:eb:bf:9d:51";
    private const long Rows = 8;
    private const long NumericReadings = Rows * 7; // co, humidity, light, lpg, motion, smoke, temp
    private const long StatusReadings = 4;         // four rows have a status
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "CsvLoader", "iot_telemetry_sample.csv");
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.tsmetrics-state");

    [Fact]
    public async Task NumericAndStringReadingsArriveThroughIngestAndAReRunCountsNothingTwice()
    {
        var suffix = Names.Unique("csv");
        var options = Options(Target.Ingest, suffix);
        var log = new StringWriter();

        var first = await CsvLoad.RunAsync(options, fixture.Http, log);

        Assert.Equal((Rows, NumericReadings + StatusReadings, 4L), (first.Rows, first.Readings, first.EmptyCells));
        Assert.Equal(NumericReadings + StatusReadings, first.StoredPoints);
        Assert.Equal((0L, 0L), (first.RefusedReadings, first.RefusedRows));
        Assert.Equal(0, first.ExitCode);
        var statuses = await QueryAsync($"status.{Device}.{suffix}", aggregation: null);
        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.Equal(System.Text.Json.JsonValueKind.String, s.GetProperty("value").ValueKind));

        var temps = await QueryAsync($"temp.{Device}.{suffix}", aggregation: null);
        Assert.Equal([22.7, 22.6, 22.6, 22.5], temps.Select(p => p.GetProperty("value").GetDouble()));
        var firstTime = new DateTime(2020, 7, 12, 0, 1, 34, 385, DateTimeKind.Utc).AddTicks(9746);
        Assert.InRange((temps[0].GetProperty("time").GetDateTime().ToUniversalTime() - firstTime).Duration(), TimeSpan.Zero, TimeSpan.FromMicroseconds(1));
        var lights = await QueryAsync($"light.{Device}.{suffix}", aggregation: null);
        Assert.Equal([0.0, 1, 0, 0], lights.Select(p => p.GetProperty("value").GetDouble()));

        // A rerun with the state file skips what was acknowledged; one without it is deduplicated by the server.
        var skipped = await CsvLoad.RunAsync(options, fixture.Http, TextWriter.Null);
        Assert.Equal((NumericReadings + StatusReadings, 0L), (skipped.SkippedPoints, skipped.StoredPoints));
        var resent = await CsvLoad.RunAsync(options with { StateFile = null }, fixture.Http, TextWriter.Null);
        Assert.Equal(NumericReadings + StatusReadings, resent.StoredPoints);

        var counts = await QueryAsync($"temp.{Device}.{suffix}", aggregation: "count");
        Assert.Equal(4, Assert.Single(counts).GetProperty("value").GetDouble());
        Assert.Equal(4, (await QueryAsync($"temp.{Device}.{suffix}", aggregation: null)).Length);
        Assert.Equal(statuses.Length, Assert.Single(await QueryAsync($"status.{Device}.{suffix}", aggregation: "count")).GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task TheNativeTargetKeepsTheDeviceAsATagAndTheColumnAsTheMetric()
    {
        var suffix = Names.Unique("csvn");
        var options = Options(Target.Points, suffix) with { MetricTemplate = "{column}." + suffix, StateFile = null };

        var summary = await CsvLoad.RunAsync(options, fixture.Http, TextWriter.Null);

        Assert.Equal(NumericReadings + StatusReadings, summary.StoredPoints);
        var points = await fixture.Http.GetJsonAsync($"/v1/metrics?name=temp.{suffix}");
        Assert.Equal(Rows, (long)points.GetArrayLength());
        Assert.Equal(Device, points[0].GetProperty("device").GetString());
        Assert.Equal(22.7, points[0].GetProperty("value").GetDouble());
    }

    [Fact]
    public void AHeaderWithoutTheTimeColumnIsRefusedNamingIt()
    {
        var header = new[] { "time", "device", "temp" };

        var problem = Assert.Throws<ArgumentException>(() => ColumnMapping.Of(header, new CsvLoadOptions { File = "x.csv" }));

        Assert.Contains("no column ts", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void QuotedFieldsMayHoldCommasQuotesAndLineBreaks()
    {
        var reader = new CsvRecordReader(new StringReader("a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\n3,4"));
        var fields = new List<string>();

        Assert.True(reader.TryRead(fields));
        Assert.True(reader.TryRead(fields));
        Assert.Equal(["x, \"y\"", "two\nlines"], fields);
        Assert.True(reader.TryRead(fields));
        Assert.Equal(["3", "4"], fields);
        Assert.Equal(4, reader.Line);
        Assert.False(reader.TryRead(fields));
    }

    public void Dispose() => File.Delete(_state);

    private CsvLoadOptions Options(Target target, string suffix) => new()
    {
        File = Sample,
        Target = target,
        MetricTemplate = "{column}.{device}." + suffix,
        StateFile = _state,
        BatchSize = 10,
        Concurrency = 2,
    };

    private async Task<System.Text.Json.JsonElement[]> QueryAsync(string metric, string? aggregation)
    {
        var body = aggregation is null
            ? $$"""{"metric": "{{metric}}", "start_time": "2020-07-12T00:00:00Z", "end_time": "2020-07-13T00:00:00Z"}"""
            : $$"""{"metric": "{{metric}}", "start_time": "2020-07-12T00:00:00Z", "end_time": "2020-07-13T00:00:00Z", "aggregation": "{{aggregation}}", "interval": "1 day"}""";
        var response = await fixture.Http.PostJsonAsync("/query", body);
        return [.. (await response.ReadJsonAsync()).EnumerateArray()];
    }
}
