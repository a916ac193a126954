namespace TSMetrics.Grains.Interfaces;

/// <summary>What a user says about a metric: its unit, which way is better, and how it is compared.</summary>
/// <param name="Unit">Unit shown with values, such as "ms"; null when not defined.</param>
/// <param name="Direction">Which way is better.</param>
/// <param name="Kind">Mean, proportion, sum or count (see <see cref="MetricKind"/>).</param>
/// <param name="Description">Free text for people.</param>
/// <param name="Percentiles">Whether buckets keep percentiles; null for the default (<see cref="QuantileDefaults"/>).</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.MetricDefinition")]
public sealed record MetricDefinition(
    string? Unit = null,
    MetricDirection Direction = MetricDirection.Unknown,
    MetricKind Kind = MetricKind.Mean,
    string? Description = null,
    bool? Percentiles = null)
{
    /// <summary>The definition of a metric nobody has described yet.</summary>
    public static MetricDefinition Undefined { get; } = new();
}
