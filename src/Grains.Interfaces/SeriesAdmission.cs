namespace TSMetrics.Grains.Interfaces;

/// <summary>Which cardinality limit refused new series.</summary>
public enum CardinalityLimit
{
    /// <summary>Nothing was refused.</summary>
    None,

    /// <summary>Series of one A/B test (metrics x variants).</summary>
    SeriesPerTest,

    /// <summary>Series in the whole cluster.</summary>
    TotalSeries,

    /// <summary>Series first seen within the last hour.</summary>
    NewSeriesPerHour,
}

/// <summary>
/// The answer to <see cref="ICardinalityGrain.AdmitAsync"/>: admitted, or the first series that would break
/// a limit, the limit and its value, and (for the hourly limit) when a slot frees up.
/// </summary>
[GenerateSerializer, Immutable, Alias("TSMetrics.SeriesAdmission")]
public sealed record SeriesAdmission(
    bool Admitted,
    SeriesName Refused = default,
    CardinalityLimit Limit = CardinalityLimit.None,
    int LimitValue = 0,
    TimeSpan RetryAfter = default)
{
    /// <summary>Everything asked for was admitted.</summary>
    public static SeriesAdmission Yes { get; } = new(true);
}
