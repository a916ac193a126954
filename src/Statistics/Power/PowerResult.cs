namespace TSMetrics.Statistics.Power;

/// <summary>Where a running comparison stands on power.</summary>
/// <param name="PowerNow">Chance of detecting the target effect with the data so far.</param>
/// <param name="DetectableEffectNow">The effect detectable now with the target power (same scale as the lift).</param>
/// <param name="ScalingFactor">More units needed, as a multiple of those so far (0 when already powered); null when out of reach.</param>
/// <param name="AdditionalUnits">Units to add to the two arms compared (pairwise, like GrowthBook); null when out of reach.</param>
/// <param name="Error">Why nothing could be computed, or null.</param>
public sealed record PowerResult(double PowerNow, double DetectableEffectNow, double? ScalingFactor, double? AdditionalUnits, string? Error)
{
    public bool AlreadyPowered => ScalingFactor == 0;

    /// <summary>Days still needed at the traffic so far: the scaling factor times the days elapsed.</summary>
    public double? AdditionalDays(double elapsedDays) => ScalingFactor * elapsedDays;
}
