namespace TSMetrics.Statistics;

/// <summary>
/// Exposure health: users seen in more than one variant of the test (broken assignment, shared devices,
/// sticky caches). They are left out of every comparison and of the sample-ratio check; the test is flagged
/// when their share of all users passes <see cref="Threshold"/>.
/// </summary>
/// <param name="CrossedUsers">Users seen in more than one variant (of the metric with the most users).</param>
/// <param name="Users">All users of that metric, the crossed ones included.</param>
/// <param name="Share">CrossedUsers / Users.</param>
/// <param name="Flagged">True when the share is above the threshold: the assignment is suspect.</param>
/// <param name="Metric">The metric the counts are from.</param>
public sealed record ExposureCheck(long CrossedUsers, long Users, double Share, bool Flagged, string? Metric)
{
    /// <summary>1%: above it, users in more than one variant are more than a few stray cases (GrowthBook warns on multiple exposures likewise).</summary>
    public const double Threshold = 0.01;

    public double FlagThreshold => Threshold;

    /// <summary>The check over a test's unit-level metrics, or null when no metric has users.</summary>
    public static ExposureCheck? Of(IReadOnlyList<MetricInput> metrics)
    {
        MetricInput? busiest = null;
        long users = 0;
        foreach (var metric in metrics)
        {
            if (metric.AnalysisUnit != "user") continue;
            var total = metric.CrossedUnits;
            foreach (var variant in metric.Variants) total += variant.EstimateFor(metric.Proportion).Count;
            if (busiest is null || total > users) (busiest, users) = (metric, total);
        }

        if (busiest is null) return null;
        var share = users == 0 ? 0 : (double)busiest.CrossedUnits / users;
        return new ExposureCheck(busiest.CrossedUnits, users, share, share > Threshold, busiest.Name);
    }
}
