using System.IO.Compression;
using System.Net.Http.Headers;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using TSMetrics.Gateway.Api.Otlp.Proto;

namespace TSMetrics.Tests.Otlp;

/// <summary>Builds and sends OTLP exports as an exporter would, protobuf or JSON, plain or gzip.</summary>
internal static class OtlpExports
{
    public static ulong NowNanos => (ulong)(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000);

    public static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    /// <summary>One resource, one scope, one gauge of <paramref name="metric"/> with the given points.</summary>
    public static ExportMetricsServiceRequest Gauge(string metric, params NumberDataPoint[] points)
    {
        var gauge = new Gauge();
        gauge.DataPoints.AddRange(points);
        return new ExportMetricsServiceRequest
        {
            ResourceMetrics = { new ResourceMetrics { ScopeMetrics = { new ScopeMetrics { Metrics = { new Metric { Name = metric, Gauge = gauge } } } } } },
        };
    }

    public static NumberDataPoint Point(double value, params KeyValue[] attributes)
    {
        var point = new NumberDataPoint { AsDouble = value, TimeUnixNano = NowNanos };
        point.Attributes.AddRange(attributes);
        return point;
    }

    public static Task<HttpResponseMessage> PostProtobufAsync(HttpClient client, byte[] body, bool gzip = false) =>
        PostAsync(client, body, "application/x-protobuf", gzip);

    public static Task<HttpResponseMessage> PostProtobufAsync(HttpClient client, IMessage export, bool gzip = false) =>
        PostAsync(client, export.ToByteArray(), "application/x-protobuf", gzip);

    public static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string json, bool gzip = false) =>
        PostAsync(client, System.Text.Encoding.UTF8.GetBytes(json), "application/json", gzip);

    public static async Task<Status> StatusOfAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        return Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
    }

    public static async Task<ExportMetricsServiceResponse> ResponseOfAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        return ExportMetricsServiceResponse.Parser.ParseFrom(body);
    }

    public static byte[] Gzip(byte[] body)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize)) gzip.Write(body);
        return compressed.ToArray();
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] body, string contentType, bool gzip)
    {
        var content = new ByteArrayContent(gzip ? Gzip(body) : body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (gzip) content.Headers.ContentEncoding.Add("gzip");
        return await client.PostAsync("/v1/metrics", content);
    }
}
