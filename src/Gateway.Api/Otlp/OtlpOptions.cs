using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TSMetrics.Gateway.Api.Otlp;

/// <summary>
/// The OTLP/HTTP metrics receiver: its own port, and how a data point's attributes name the A/B test, the
/// variant and the user. Attribute lists are comma-separated and tried in order; each is looked up on the
/// data point first, then its scope, then its resource.
/// </summary>
public sealed class OtlpOptions
{
    public const string SectionName = "TSMetrics:Otlp";

    /// <summary>Listen for OTLP at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The receiver's port, as OpenTelemetry exporters expect by default: 4318.</summary>
    [Range(1, 65_535)]
    public int Port { get; set; } = 4318;

    /// <summary>The address the receiver binds to, as in a Kestrel URL: "*" (all), "localhost", "127.0.0.1"...</summary>
    [Required]
    public string Host { get; set; } = "*";

    /// <summary>Attributes naming the A/B test: OpenTelemetry's feature-flag convention by default.</summary>
    [Required]
    public string TestAttributes { get; set; } = "feature_flag.key";

    /// <summary>Attributes naming the variant: the current convention, then its deprecated name.</summary>
    [Required]
    public string VariantAttributes { get; set; } = "feature_flag.result.variant,feature_flag.variant";

    /// <summary>Attributes naming the user: user.id, then enduser.id (which some versions of the conventions named in its place).</summary>
    [Required]
    public string UserIdAttributes { get; set; } = "user.id,enduser.id";

    /// <summary>What becomes of a data point with neither a test nor a variant attribute. Default: a plain metric.</summary>
    public UnflaggedPoints UnflaggedPoints { get; set; } = UnflaggedPoints.PlainMetric;

    internal static string[] Names(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

[OptionsValidator]
public sealed partial class OtlpOptionsValidator : IValidateOptions<OtlpOptions>;
