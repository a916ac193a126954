using System.Net;
using System.Text.Json;
using Google.Protobuf;
using TSMetrics.Gateway.Api.Otlp;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;
using static TSMetrics.Tests.Otlp.OtlpExports;

namespace TSMetrics.Tests.Otlp;

[Collection(ClusterCollection.Name)]
public sealed class OtlpReceiverTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AJsonExportShapedLikeTheSpecificationsExampleIsStoredAsMappedWithCumulativeOnesRejectedAndAnsweredInJson()
    {
        await using var gateway = OtlpGateway.Start(fixture);
        var test = Names.Unique("json");
        var now = NowNanos;
        // The structure of opentelemetry-proto's examples/metrics.json (lowerCamelCase, int64 as strings,
        // enums as numbers, hex trace ids), with current times and the feature flag on the scope.
        var json = $$"""
        {
          "resourceMetrics": [{
            "resource": { "attributes": [{ "key": "service.name", "value": { "stringValue": "my.service" } }] },
            "scopeMetrics": [{
              "scope": { "name": "my.library", "version": "1.0.0", "attributes": [
                { "key": "feature_flag.key", "value": { "stringValue": "{{test}}" } } ] },
              "metrics": [
                { "name": "my.counter", "unit": "1", "description": "I am a Counter",
                  "sum": { "aggregationTemporality": 1, "isMonotonic": true, "dataPoints": [
                    { "asDouble": 5, "startTimeUnixNano": "{{now - 1_000_000_000}}", "timeUnixNano": "{{now}}",
                      "attributes": [{ "key": "feature_flag.result.variant", "value": { "stringValue": "A" } },
                                     { "key": "enduser.id", "value": { "stringValue": "user-1" } }],
                      "exemplars": [{ "asDouble": 5, "timeUnixNano": "{{now}}", "traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174" }] },
                    { "asInt": "7", "timeUnixNano": "{{now}}", "futureField": { "nested": [1, 2] },
                      "attributes": [{ "key": "feature_flag.result.variant", "value": { "stringValue": "B" } }] } ] } },
                { "name": "my.total", "sum": { "aggregationTemporality": 2, "isMonotonic": true, "dataPoints": [
                    { "asInt": "100", "timeUnixNano": "{{now}}", "attributes": [{ "key": "feature_flag.result.variant", "value": { "stringValue": "A" } }] } ] } },
                { "name": "my.gauge", "gauge": { "dataPoints": [
                    { "asDouble": 10, "timeUnixNano": "{{now}}", "attributes": [{ "key": "feature_flag.result.variant", "value": { "intValue": "2" } }] } ] } },
                { "name": "my.histogram", "histogram": { "aggregationTemporality": 1, "dataPoints": [
                    { "startTimeUnixNano": "{{now}}", "timeUnixNano": "{{now}}", "count": "2", "sum": 2, "bucketCounts": ["1", "1"], "explicitBounds": [1], "min": 0, "max": 2,
                      "attributes": [{ "key": "feature_flag.result.variant", "value": { "stringValue": "A" } }] } ] } },
                { "name": "my.exponential.histogram", "exponentialHistogram": { "aggregationTemporality": 1, "dataPoints": [
                    { "timeUnixNano": "{{now}}", "count": "3", "sum": 10, "scale": 0, "zeroCount": "1", "positive": { "offset": 1, "bucketCounts": ["0", "2"] },
                      "min": 0, "max": 5, "zeroThreshold": 0, "attributes": [{ "key": "feature_flag.result.variant", "value": { "stringValue": "A" } }] } ] } },
                { "name": "my.running.histogram", "histogram": { "aggregationTemporality": 2, "dataPoints": [
                    { "timeUnixNano": "{{now}}", "count": "2", "sum": 2, "bucketCounts": ["1", "1"], "explicitBounds": [1],
                      "attributes": [{ "key": "feature_flag.result.variant", "value": { "stringValue": "A" } }] } ] } },
                { "name": "my.running.exponential", "exponentialHistogram": { "aggregationTemporality": 2, "dataPoints": [
                    { "timeUnixNano": "{{now}}", "count": "1", "sum": 0, "zeroCount": "1",
                      "attributes": [{ "key": "feature_flag.result.variant", "value": { "stringValue": "A" } }] } ] } }
              ]
            }]
          }]
        }
        """;

        var response = await PostJsonAsync(gateway.Otlp, json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var partial = (await response.ReadJsonAsync()).GetProperty("partialSuccess");
        Assert.Equal("3", partial.GetProperty("rejectedDataPoints").GetString()); // int64 as a string, as OTLP JSON has it
        Assert.Equal($"3 data point(s) rejected: {OtlpMapper.CumulativeSum} (1); {OtlpMapper.CumulativeHistogram} (2)", partial.GetProperty("errorMessage").GetString());
        Assert.Equal([5.0], await ValuesAsync(gateway, test, "my.counter", "A"));
        Assert.Equal([7.0], await ValuesAsync(gateway, test, "my.counter", "B"));
        Assert.Equal([10.0], await ValuesAsync(gateway, test, "my.gauge", "2"));
        Assert.Equal("user-1", (await RawAsync(gateway, test, "my.counter", "A"))[0].GetProperty("userId").GetString());
        // The specification's histograms are one point each: value the sum, count the count.
        var histogram = Assert.Single(await RawAsync(gateway, test, "my.histogram", "A"));
        Assert.Equal((2.0, 2L), (histogram.GetProperty("value").GetDouble(), histogram.GetProperty("count").GetInt64()));
        var exponential = Assert.Single(await RawAsync(gateway, test, "my.exponential.histogram", "A"));
        Assert.Equal((10.0, 3L), (exponential.GetProperty("value").GetDouble(), exponential.GetProperty("count").GetInt64()));
        Assert.False((await RawAsync(gateway, test, "my.counter", "A"))[0].TryGetProperty("count", out _));
        Assert.Equal(5L, await fixture.Database.StoredPointsAsync(test));
    }

    [Fact]
    public async Task AGzipProtobufExportIsStoredAndARetriedExportIsCountedOnce()
    {
        await using var gateway = OtlpGateway.Start(fixture);
        var test = Names.Unique("gzip");
        var export = Gauge("cpu", Point(0.5, Attribute("feature_flag.key", test), Attribute("feature_flag.result.variant", "on")));

        var first = await ResponseOfAsync(await PostProtobufAsync(gateway.Otlp, export, gzip: true));
        var retried = await ResponseOfAsync(await PostProtobufAsync(gateway.Otlp, export));

        Assert.Null(first.PartialSuccess);
        Assert.Null(retried.PartialSuccess);
        Assert.Equal([0.5], await ValuesAsync(gateway, test, "cpu", "on"));
        Assert.Equal(1L, await fixture.Database.StoredPointsAsync(test));
    }

    [Fact]
    public async Task UnknownProtobufFieldsAreIgnoredAndUnusablePointsAreCountedInPartialSuccess()
    {
        await using var gateway = OtlpGateway.Start(fixture);
        var test = Names.Unique("unknown");
        var export = Gauge("clicks",
            Point(3, Attribute("feature_flag.key", test), Attribute("feature_flag.result.variant", "A")),
            Point(4, Attribute("feature_flag.key", test)),
            Point(5, Attribute("feature_flag.key", test), Attribute("feature_flag.result.variant", "bad variant")));
        // Field 99 (varint 1) at the top level, as a newer schema might add.
        byte[] unknown = [0x98, 0x06, 0x01];
        var body = export.ToByteArray().Concat(unknown).ToArray();

        var answer = await ResponseOfAsync(await PostProtobufAsync(gateway.Otlp, body));

        Assert.Equal(2, answer.PartialSuccess.RejectedDataPoints);
        Assert.Contains("needs a variant attribute", answer.PartialSuccess.ErrorMessage);
        Assert.Contains("variant name 'bad variant'", answer.PartialSuccess.ErrorMessage);
        Assert.Equal([3.0], await ValuesAsync(gateway, test, "clicks", "A"));
    }

    [Fact]
    public async Task BadDataIsA400WithAStatusBodyAndAnOversizeBodyAfterDecompressionIsA413()
    {
        await using var gateway = OtlpGateway.Start(fixture, new Dictionary<string, string> { ["TSMetrics:Ingest:MaxBodyBytes"] = "4096" });

        var truncated = await PostProtobufAsync(gateway.Otlp, [0x0A, 0x7F, 0x0A]);
        var badJson = await PostJsonAsync(gateway.Otlp, """{"resourceMetrics": [{"scopeMetrics": 5}]}""");
        var badGzip = await PostAsyncGzipped(gateway.Otlp, [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
        var bomb = Gzip(new byte[1_000_000]); // about a kilobyte that inflates to a megabyte
        Assert.True(bomb.Length < 4096, $"the compressed body is {bomb.Length} bytes");
        var tooLarge = await PostAsyncGzipped(gateway.Otlp, bomb);

        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
        var status = await StatusOfAsync(truncated);
        Assert.Equal(3, status.Code); // INVALID_ARGUMENT
        Assert.Contains("not a valid OTLP ExportMetricsServiceRequest (protobuf)", status.Message);
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Equal("application/json", badJson.Content.Headers.ContentType?.MediaType);
        Assert.Contains("(JSON)", (await badJson.ReadJsonAsync()).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badGzip.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("larger than the limit of 4096 bytes", (await StatusOfAsync(tooLarge)).Message);
    }

    [Fact]
    public async Task ARateLimitedExportIsA429WithRetryAfterAndNothingStored()
    {
        await using var gateway = OtlpGateway.Start(fixture, new Dictionary<string, string>
        {
            ["TSMetrics:RateLimits:IngestPointsPerSecond"] = "2",
            ["TSMetrics:RateLimits:IngestBurstPoints"] = "2",
        });
        var test = Names.Unique("limited");
        global::OpenTelemetry.Proto.Collector.Metrics.V1.ExportMetricsServiceRequest Export(double value) =>
            Gauge("m", Point(value, Attribute("feature_flag.key", test), Attribute("feature_flag.result.variant", "A")),
                Point(value, Attribute("feature_flag.key", test), Attribute("feature_flag.result.variant", "B")));

        await ResponseOfAsync(await PostProtobufAsync(gateway.Otlp, Export(1)));
        var limited = await PostProtobufAsync(gateway.Otlp, Export(2));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {limited.Headers.RetryAfter}");
        Assert.Equal(8, (await StatusOfAsync(limited)).Code); // RESOURCE_EXHAUSTED
        Assert.Equal(2L, await fixture.Database.StoredPointsAsync(test));
    }

    [Fact]
    public async Task TheOtlpPortServesOnlyOtlpWithAKeyAndTheMainPortKeepsItsOwnMetricsRoute()
    {
        await using var gateway = OtlpGateway.Start(fixture);
        using var anonymous = OtlpGateway.Client(gateway.OtlpPort, key: null);
        var export = Gauge("m", Point(1));

        var withoutKey = await PostProtobufAsync(anonymous, export);
        var apiOnOtlpPort = await gateway.Otlp.GetAsync($"/v1/tests");
        var protobufOnMainPort = await PostProtobufAsync(gateway.Api, export);
        var unsupported = await gateway.Otlp.PostAsync("/v1/metrics", new StringContent("x", System.Text.Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, apiOnOtlpPort.StatusCode);
        Assert.Equal("application/problem+json", protobufOnMainPort.Content.Headers.ContentType?.MediaType); // the plain-metric door's answer
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
    }

    private static async Task<HttpResponseMessage> PostAsyncGzipped(HttpClient client, byte[] gzipped)
    {
        var content = new ByteArrayContent(gzipped);
        content.Headers.ContentType = new("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");
        return await client.PostAsync("/v1/metrics", content);
    }

    private static async Task<List<JsonElement>> RawAsync(OtlpGateway gateway, string test, string metric, string variant)
    {
        var from = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
        var page = await gateway.Api.GetJsonAsync($"/v1/points?test={test}&metric={metric}&variant={variant}&from={from}");
        return [.. page.GetProperty("points").EnumerateArray()];
    }

    private static async Task<List<double>> ValuesAsync(OtlpGateway gateway, string test, string metric, string variant) =>
        (await RawAsync(gateway, test, metric, variant)).ConvertAll(p => p.GetProperty("value").GetDouble());
}
