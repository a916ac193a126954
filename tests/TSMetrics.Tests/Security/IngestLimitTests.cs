using System.Net;
using System.Text.Json;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Security;

/// <summary>Each ingest limit, configured small, through the real pipeline: 400 naming the field, nothing stored.</summary>
[Collection(ClusterCollection.Name)]
public sealed class IngestLimitTests(ClusterFixture fixture)
{
    public static TheoryData<string, string> OverLimit => new()
    {
        { Points(11, "m"), "points" },
        { Points(1, new string('m', 17)), "points[0].metric" },
        { Points(1, "m; DROP"), "points[0].metric" },
        { """[{"test": "TEST", "metric": "m", "variant": "B/../../A", "value": 1}]""", "points[0].variant" },
        { """[{"test": "TEST", "metric": "m", "variant": "A", "value": 1, "userId": "0123456789abcdefX"}]""", "points[0].userId" },
        { """[{"test": "TEST", "metric": "m", "variant": "A", "value": 1, "tags": {"a": 1, "b": 2, "c": 3}}]""", "points[0].tags" },
        { """[{"test": "TEST", "metric": "m", "variant": "A", "value": 1, "tags": {"a": "a long tag value over the bytes"}}]""", "points[0].tags" },
    };

    [Theory]
    [MemberData(nameof(OverLimit))]
    public async Task EachIngestLimitIsEnforcedNamingTheField(string body, string field)
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string>
        {
            ["TSMetrics:Ingest:MaxPointsPerBatch"] = "10",
            ["TSMetrics:Ingest:MaxNameLength"] = "16",
            ["TSMetrics:Ingest:MaxUserIdLength"] = "16",
            ["TSMetrics:Ingest:MaxTagsPerPoint"] = "2",
            ["TSMetrics:Ingest:MaxTagsBytes"] = "24",
        });
        using var http = gateway.CreateClient();
        var test = Names.Unique("lim");

        var response = await http.PostJsonAsync("/v1/points", body.Replace("TEST", test, StringComparison.Ordinal));

        await response.AssertRejectedNamingAsync(field);
        Assert.Equal(0, await fixture.Database.ScalarAsync("SELECT count(*) FROM tsm.point_batches WHERE test = $1", test));
    }

    private static string Points(int count, string metric) =>
        JsonSerializer.Serialize(Enumerable.Range(0, count).Select(i => new { test = "TEST", metric, variant = "A", value = i }));
}
