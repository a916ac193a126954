namespace TSMetrics.Gateway.Api.Otlp;

/// <summary>Marks the endpoints served on the OTLP port (see <see cref="OtlpPortPolicy"/>).</summary>
internal sealed class OtlpEndpointMetadata;
