using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Predecessors;

/// <summary>Every predecessor's route is in the OpenAPI document with a summary, so Swagger users find it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PredecessorRoutesOpenApiTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData("/metrics", "get")]
    [InlineData("/v1/metrics", "post")]
    [InlineData("/v1/metrics", "get")]
    [InlineData("/v1/metrics/catalog", "get")]
    [InlineData("/v1/metrics/ws", "get")]
    [InlineData("/ingest", "post")]
    [InlineData("/query", "post")]
    [InlineData("/cache/info", "get")]
    [InlineData("/analytics", "post")]
    [InlineData("/analytics", "get")]
    public async Task ThePredecessorsRouteIsDocumentedWithASummary(string path, string method)
    {
        var document = await fixture.Http.GetJsonAsync("/openapi/v1.json");

        Assert.True(document.GetProperty("paths").TryGetProperty(path, out var item), $"{path} is not in the OpenAPI document");
        Assert.True(item.TryGetProperty(method, out var operation), $"{method.ToUpperInvariant()} {path} is not in the OpenAPI document");
        Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
    }

    [Fact]
    public async Task TheFastApiBodiesAreDocumentedInSnakeCase()
    {
        var schemas = (await fixture.Http.GetJsonAsync("/openapi/v1.json")).GetProperty("components").GetProperty("schemas");

        Assert.True(schemas.GetProperty("FastApiQueryRequest").GetProperty("properties").TryGetProperty("start_time", out _));
        Assert.True(schemas.GetProperty("FastApiIngestResponse").GetProperty("properties").TryGetProperty("ingested_count", out _));
        Assert.True(schemas.GetProperty("FastApiMetricInfo").GetProperty("properties").TryGetProperty("value_type", out _));
    }

    [Theory]
    [InlineData("FastApiDataPoint")]
    [InlineData("PlainMetricPointDocument")]
    [InlineData("IngestRequestDocument")]
    public async Task AValueIsDocumentedAsANumberOrAString(string schema)
    {
        var schemas = (await fixture.Http.GetJsonAsync("/openapi/v1.json")).GetProperty("components").GetProperty("schemas");

        var value = schemas.GetProperty(schema).GetProperty("properties").GetProperty("value");
        if (value.TryGetProperty("$ref", out var reference)) value = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
        Assert.Equal(["number", "string"], value.GetProperty("type").EnumerateArray().Select(t => t.GetString()!).Order(StringComparer.Ordinal));
    }
}
