using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>
/// The Flask analytics API's events, stored as two plain metrics (one point of value 1 per event, with the
/// user id), and its hourly report: clicks and impressions from the series' seconds (memory, 1-second
/// rollups and the unflushed journal) plus the seconds retention kept past the tier's retention
/// (<see cref="KeptSecondsReader"/>), so an hour of any age is counted exactly to its edge seconds; unique
/// users from <see cref="UniqueUserReader"/>.
/// </summary>
public sealed class AnalyticsReader(SeriesQueryService series, KeptSecondsReader kept, UniqueUserReader users)
{
    public const string ClickMetric = KeptSecondSeries.ClickMetric;
    public const string ImpressionMetric = KeptSecondSeries.ImpressionMetric;
    private const long Second = 1_000_000;
    private static readonly string[] Metrics = [ClickMetric, ImpressionMetric];

    /// <summary>The plain metric an event is stored under, or null for an unknown event.</summary>
    public static string? MetricOf(string? analyticsEvent) => analyticsEvent switch
    {
        "click" => ClickMetric,
        "impression" => ImpressionMetric,
        _ => null,
    };

    /// <summary>Unique users, clicks and impressions in [end - 1 h, end], both ends inclusive as the predecessor's BETWEEN.</summary>
    public async Task<(long UniqueUsers, long Clicks, long Impressions)> ReadHourAsync(long endSeconds, CancellationToken cancellationToken)
    {
        var from = (endSeconds - 3_600) * Second;
        var to = endSeconds * Second;
        // Events are whole seconds, so one-second buckets up to end + 1 s hold exactly the inclusive range.
        var clicks = CountAsync(ClickMetric, from, to + Second, cancellationToken);
        var impressions = CountAsync(ImpressionMetric, from, to + Second, cancellationToken);
        var unique = users.CountAsync("", Metrics, from, to, cancellationToken);
        return (await unique, await clicks, await impressions);
    }

    private async Task<long> CountAsync(string metric, long from, long to, CancellationToken cancellationToken)
    {
        var older = kept.CountAsync(metric, from, to, cancellationToken);
        var result = await series.QueryAsync(new SeriesRequest(new SeriesKey("", metric), from, to, Second, null), cancellationToken);
        var count = await older;
        foreach (var (_, buckets) in result.Variants)
            foreach (var bucket in buckets) count += bucket.Count;
        return count;
    }
}
