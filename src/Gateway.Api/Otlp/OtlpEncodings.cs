using Microsoft.Net.Http.Headers;

namespace TSMetrics.Gateway.Api.Otlp;

/// <summary>Reads and writes the Content-Type of the OTLP/HTTP encodings.</summary>
internal static class OtlpEncodings
{
    public const string ProtobufType = "application/x-protobuf";
    public const string JsonType = "application/json";

    /// <summary>The encoding a Content-Type names (parameters such as charset are ignored), or null.</summary>
    public static OtlpEncoding? Of(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)) return null;
        if (media.MediaType.Equals(ProtobufType, StringComparison.OrdinalIgnoreCase)) return OtlpEncoding.Protobuf;
        if (media.MediaType.Equals(JsonType, StringComparison.OrdinalIgnoreCase)) return OtlpEncoding.Json;
        return null;
    }

    public static string ContentType(OtlpEncoding encoding) => encoding == OtlpEncoding.Json ? JsonType : ProtobufType;
}
