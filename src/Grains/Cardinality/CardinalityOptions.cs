using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TSMetrics.Grains.Cardinality;

/// <summary>
/// How many series (test x metric x variant) the cluster accepts. Each live series costs memory in a
/// grain, so a client inventing names (a user id as a variant, say) must be stopped, not followed.
/// </summary>
public sealed class CardinalityOptions
{
    public const string SectionName = "TSMetrics:Cardinality";

    /// <summary>Most series of one A/B test (metrics x variants). Default 1,000; plain metrics are not a test and only count in the total.</summary>
    [Range(1, 10_000_000)]
    public int MaxSeriesPerTest { get; set; } = 1_000;

    /// <summary>Most series in all. Default 200,000.</summary>
    [Range(1, 100_000_000)]
    public int MaxSeries { get; set; } = 200_000;

    /// <summary>Most series first seen within any hour. Default 20,000.</summary>
    [Range(1, 100_000_000)]
    public int MaxNewSeriesPerHour { get; set; } = 20_000;
}

[OptionsValidator]
public sealed partial class CardinalityOptionsValidator : IValidateOptions<CardinalityOptions>;
