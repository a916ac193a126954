using TSMetrics.Statistics;

namespace TSMetrics.Gateway.Api.Comparisons;

/// <summary>How a caller wants a comparison read: method, alpha, control, lift type, correction.</summary>
/// <param name="EventLevel">Every point one observation even when points carry user ids (<c>?unit=event</c>).</param>
public sealed record ComparisonSettings(TestMethod Method, ComparisonOptions Options, Correction Correction, string? Control, bool EventLevel = false)
{
    public static ComparisonSettings Default { get; } = new(TestMethod.Sequential, ComparisonOptions.Default, Correction.Holm, null);

    /// <summary>A key that tells settings apart, for caching one analysis per snapshot and settings.</summary>
    public string CacheKey => $"{Method}|{Options.Alpha}|{Options.Type}|{Options.SequentialTuning}|{Correction}|{Control}|{Options.Prior}|{EventLevel}";
}
