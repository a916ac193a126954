using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>
/// One stretch of history read from storage: its buckets, and when asked their distinct users (read alongside,
/// on a second connection), so a cached block carries the users of its buckets as it carries their counts.
/// </summary>
public sealed class StoredStretch(HistoryReader history, BucketUserReader users)
{
    public async Task<Dictionary<string, List<BucketAggregate>>> ReadAsync(
        SeriesKey key, long fromMicros, long toMicros, long granularityMicros, string? variant, double[]? quantiles, bool withUsers,
        CancellationToken cancellationToken)
    {
        var userRead = withUsers ? users.ReadAsync(key, fromMicros, toMicros, granularityMicros, variant, cancellationToken) : null;
        var buckets = await history.ReadAsync(key, fromMicros, toMicros, granularityMicros, variant, quantiles, cancellationToken);
        if (userRead is not null)
        {
            var counts = await userRead;
            foreach (var (name, list) in buckets) AddUsers(name, list, counts);
        }

        return buckets;
    }

    /// <summary>
    /// Sets the users of the buckets from index <paramref name="from"/> on that <paramref name="counts"/> has; only to buckets the answer has: a point
    /// acknowledged while the reads ran may be in one read and not the other.
    /// </summary>
    public static void AddUsers(string variant, List<BucketAggregate> buckets, Dictionary<(string Variant, long StartMicros), long> counts, int from = 0)
    {
        if (counts.Count == 0) return;
        for (var i = from; i < buckets.Count; i++)
            if (counts.TryGetValue((variant, buckets[i].StartMicros), out var count)) buckets[i] = buckets[i] with { Users = count };
    }
}
