namespace TSMetrics.Grains.Interfaces;

/// <summary>What an alert rule watches. New kinds are new values.</summary>
public enum AlertRuleType
{
    /// <summary>The sample-ratio check's p-value is below <see cref="AlertRule.Threshold"/> (default 0.001).</summary>
    SampleRatioMismatch,

    /// <summary>A treatment is significantly worse on a metric with a direction (sequential, at alpha = <see cref="AlertRule.Threshold"/>).</summary>
    GuardrailWorse,

    /// <summary>A treatment reached a verdict on a metric: better, worse, increased or decreased (sequential).</summary>
    Verdict,

    /// <summary>A metric, or one variant of it, had points in the live window but none for <see cref="AlertRule.SilenceSeconds"/>.</summary>
    NoPoints,

    /// <summary>The share of users seen in more than one variant is above <see cref="AlertRule.Threshold"/> (default 1%).</summary>
    CrossedUsers,
}
