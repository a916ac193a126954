namespace TSMetrics.Statistics;

/// <summary>How a treatment is compared with the control.</summary>
public enum DifferenceType
{
    /// <summary>(treatment - control) / |control|: the default, as in GrowthBook.</summary>
    Relative,

    /// <summary>treatment - control, in the metric's unit.</summary>
    Absolute,
}
