namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// Plain metrics whose 1-second rollups outlive the 1-second tier's retention (in tsm.rollup_1s_kept): the
/// Flask predecessor's events, whose hourly report ends on any second and so needs seconds of any age.
/// Silo retention moves them; the gateway's report reads them.
/// </summary>
public static class KeptSecondSeries
{
    /// <summary>The Flask predecessor's click events.</summary>
    public const string ClickMetric = "analytics.click";

    /// <summary>The Flask predecessor's impression events.</summary>
    public const string ImpressionMetric = "analytics.impression";

    /// <summary>The kept plain metrics (test "").</summary>
    public static readonly string[] PlainMetrics = [ClickMetric, ImpressionMetric];

    /// <summary>The table that keeps them.</summary>
    public const string Table = "tsm.rollup_1s_kept";
}
