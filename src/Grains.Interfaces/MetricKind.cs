namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// How a metric's values are compared between variants. Over users (points with user ids) each kind is a
/// per-user statistic; without user ids every point is its own unit. Values are stored: never renumber.
/// </summary>
public enum MetricKind
{
    /// <summary>Per-event value (response time): Σvalue / Σpoints across users, by the delta method; per event, the mean of the points.</summary>
    Mean = 0,

    /// <summary>0/1 values (converted, clicked): the share of users with a positive total; per event, the share of points.</summary>
    Proportion = 1,

    /// <summary>Total per user (revenue per user): the mean over users of each user's sum of values; per event, the mean of the points.</summary>
    Sum = 2,

    /// <summary>Points per user (clicks per user): the mean over users of each user's number of points; needs user ids.</summary>
    Count = 3,
}
