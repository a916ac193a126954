namespace TSMetrics.Gateway.Api.Otlp;

/// <summary>The two OTLP/HTTP encodings; the answer is always in the request's.</summary>
internal enum OtlpEncoding
{
    Protobuf,
    Json,
}
