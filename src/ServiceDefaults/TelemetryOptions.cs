using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TSMetrics.ServiceDefaults;

/// <summary>OpenTelemetry in a TSMetrics service. The OTLP exporter itself follows the standard OTEL_* settings.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "TSMetrics:Telemetry";

    /// <summary>
    /// Record traces. Default: on when OTEL_EXPORTER_OTLP_ENDPOINT is set (traces then have somewhere to go),
    /// off otherwise, so that an unobserved service pays nothing for spans on the ingest path.
    /// </summary>
    public bool? Tracing { get; set; }

    /// <summary>Path of the Prometheus scrape endpoint. Default /prometheus (the predecessor's API owns /metrics); empty turns it off.</summary>
    [RegularExpression("^(/[A-Za-z0-9_./-]*)?$", ErrorMessage = "PrometheusPath must be empty or a path starting with /.")]
    public string PrometheusPath { get; set; } = "/prometheus";
}

[OptionsValidator]
public sealed partial class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>;
