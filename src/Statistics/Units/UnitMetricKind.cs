namespace TSMetrics.Statistics.Units;

/// <summary>
/// What a unit-level (per-user) metric compares, as GrowthBook's statistics do: n is always the number of
/// units, and each unit contributes its own aggregate.
/// </summary>
public enum UnitMetricKind
{
    /// <summary>Share of units converted (a unit converts when its total is positive); binomial over units, variance p(1 − p).</summary>
    Proportion,

    /// <summary>Σvalues / Σpoints across units (a ratio of means), variance by the delta method: per-event mean with honest clustering.</summary>
    Mean,

    /// <summary>Mean over units of each unit's total value.</summary>
    Sum,

    /// <summary>Mean over units of each unit's number of points.</summary>
    Count,
}
