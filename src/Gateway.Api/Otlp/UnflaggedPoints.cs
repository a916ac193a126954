namespace TSMetrics.Gateway.Api.Otlp;

/// <summary>What the OTLP receiver does with a data point that names no A/B test.</summary>
public enum UnflaggedPoints
{
    /// <summary>Store it as a point of the plain metric of the same name.</summary>
    PlainMetric,

    /// <summary>Reject it, counted in the answer's partial_success.</summary>
    Reject,
}
