namespace TSMetrics.Grains.Interfaces;

/// <summary>How a metric's values are compared between variants.</summary>
public enum MetricKind
{
    /// <summary>Continuous values compared by their means.</summary>
    Mean = 0,

    /// <summary>0/1 values (converted, clicked) compared as proportions.</summary>
    Proportion = 1,
}
