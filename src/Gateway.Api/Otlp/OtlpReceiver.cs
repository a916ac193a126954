using System.Security.Cryptography;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Gateway.Api.Limits;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using TSMetrics.Gateway.Api.Otlp.Proto;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Otlp;

/// <summary>
/// POST /v1/metrics on the OTLP port: an OTLP/HTTP front door over the one ingest pipeline. It decodes the
/// export (protobuf or JSON, gzip or not), maps it (<see cref="OtlpMapper"/>) and hands the points to the
/// pipeline, which applies keys, limits, back-pressure and durability as for every other door.
/// </summary>
internal sealed class OtlpReceiver(
    IngestPipeline pipeline, IOptions<OtlpOptions> options, RejectionCounters rejectionCounters, TimeProvider time)
{
    private static readonly JsonParser Json = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private static readonly MessageParser<ExportMetricsServiceRequest> Protobuf = ExportMetricsServiceRequest.Parser.WithDiscardUnknownFields(true);
    private readonly OtlpMapper _mapper = new(options.Value);

    public async Task<OtlpResult> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (OtlpEncodings.Of(request.ContentType) is not { } encoding)
            return OtlpResult.Error(OtlpEncoding.Protobuf, StatusCodes.Status415UnsupportedMediaType, OtlpResult.InvalidArgument,
                $"Content-Type '{request.ContentType}' is not supported; send application/x-protobuf or application/json.");
        var contentEncoding = request.Headers.ContentEncoding.ToString();
        var gzip = contentEncoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && contentEncoding.Length > 0 && !contentEncoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            return OtlpResult.Error(encoding, StatusCodes.Status415UnsupportedMediaType, OtlpResult.InvalidArgument,
                $"Content-Encoding '{contentEncoding}' is not supported; send gzip or no encoding.");

        var limits = pipeline.Limits;
        using var buffer = new ArrayPoolBuffer(request.ContentLength is > 0 and var length && !gzip ? (int)Math.Min(length, limits.MaxBodyBytes) : 16 * 1024);
        int size;
        try
        {
            size = await OtlpBodyReader.ReadAsync(request, gzip, limits.MaxBodyBytes, buffer, cancellationToken);
        }
        catch (InvalidDataException exception)
        {
            return BadData(encoding, $"The gzip body could not be decompressed: {exception.Message}");
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            size = -1;
        }

        if (size < 0) return OtlpResult.Of(encoding, pipeline.TooLarge());
        var body = buffer.Array.AsSpan(0, size);
        ExportMetricsServiceRequest export;
        try
        {
            export = encoding == OtlpEncoding.Json ? Json.Parse<ExportMetricsServiceRequest>(System.Text.Encoding.UTF8.GetString(body)) : Protobuf.ParseFrom(body);
        }
        catch (Exception exception) when (exception is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            return BadData(encoding, $"The body is not a valid OTLP ExportMetricsServiceRequest ({(encoding == OtlpEncoding.Json ? "JSON" : "protobuf")}): {exception.Message}");
        }

        var batch = new ParsedBatch { BatchId = BatchIdOf(body) };
        var rejected = new OtlpRejections();
        _mapper.Map(export, limits, UnixTime.ToMicros(time.GetUtcNow()), batch, rejected);
        if (rejected.Count > 0) rejectionCounters.CountIngest(RejectionReason.Invalid, rejected.Count);
        if (batch.Points.Count == 0) return OtlpResult.Success(encoding, rejected);

        var outcome = await pipeline.IngestAsync(IngestPipeline.CallerOf(request.HttpContext), batch, new IngestErrors(limits.MaxReportedErrors), null, cancellationToken);
        return outcome.Status == IngestStatus.Stored ? OtlpResult.Success(encoding, rejected) : OtlpResult.Of(encoding, outcome);
    }

    // OTLP has no idempotency key, so the export's own bytes are its batch id: an exporter's retry sends the
    // same bytes and is stored once (within the grains' dedupe window), while any new export differs in time.
    private static string BatchIdOf(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        return "otlp-" + Convert.ToHexStringLower(hash[..16]);
    }

    private static OtlpResult BadData(OtlpEncoding encoding, string message) =>
        OtlpResult.Error(encoding, StatusCodes.Status400BadRequest, OtlpResult.InvalidArgument, message);
}
