using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Contracts;

/// <summary>The words the API uses for metric directions and kinds.</summary>
public static class MetricText
{
    public static string Direction(MetricDirection direction) => direction switch
    {
        MetricDirection.Lower => "lower",
        MetricDirection.Higher => "higher",
        _ => "unknown",
    };

    public static string Kind(MetricKind kind) => ExperimentInputs.KindName(kind);

    /// <summary>What <see cref="TryParseKind"/> accepts, for error messages.</summary>
    public const string Kinds = "\"mean\", \"proportion\", \"sum\" or \"count\"";

    public static bool TryParseDirection(string? text, out MetricDirection direction)
    {
        direction = text?.ToLowerInvariant() switch
        {
            null or "" or "unknown" => MetricDirection.Unknown,
            "lower" => MetricDirection.Lower,
            "higher" => MetricDirection.Higher,
            _ => (MetricDirection)(-1),
        };
        return direction >= 0;
    }

    public static bool TryParseKind(string? text, out MetricKind kind)
    {
        kind = text?.ToLowerInvariant() switch
        {
            null or "" or "mean" => MetricKind.Mean,
            "proportion" => MetricKind.Proportion,
            "sum" => MetricKind.Sum,
            "count" => MetricKind.Count,
            _ => (MetricKind)(-1),
        };
        return kind >= 0;
    }
}
