using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>
/// Answers series queries: the grain answers from memory for the recent part it covers, TimescaleDB's
/// rollups for everything before. The grain says where its coverage starts, on a granularity boundary, so
/// each output bucket comes whole from one source: no double count and no gap at the seam. Closed history
/// comes from the gateway's cache when the grain's history version allows (<see cref="CachedHistoryReader"/>).
/// Distinct users, when asked, come from storage for the whole range (memory keeps none), read alongside.
/// </summary>
public sealed class SeriesQueryService(IGrainFactory grains, CachedHistoryReader history, BucketUserReader userReader, MemoryHitCounters hits)
{
    public async Task<SeriesResult> QueryAsync(SeriesRequest request, CancellationToken cancellationToken)
    {
        var users = request.WithUsers
            ? userReader.ReadAsync(request.Key, request.FromMicros, request.ToMicros, request.GranularityMicros, request.Variant, cancellationToken)
            : null;
        var grain = grains.GetGrain<ISeriesGrain>(request.Key.ToGrainKey());
        var live = await grain.GetLiveSeriesAsync(
            new LiveSeriesRequest(request.FromMicros, request.ToMicros, request.GranularityMicros, request.Variant, request.Quantiles), cancellationToken);

        var seam = Math.Min(live.CoveredFromMicros, request.ToMicros);
        var quantiles = live.KeepsQuantiles ? request.Quantiles : null;
        hits.Count(fromMemoryAlone: request.FromMicros >= seam);
        var stored = request.FromMicros < seam
            ? await history.ReadAsync(request, seam, live, quantiles, cancellationToken)
            : [];

        var variants = new SortedDictionary<string, List<BucketAggregate>>(stored, StringComparer.Ordinal);
        foreach (var series in live.Variants)
        {
            if (series.Buckets.Length == 0) continue;
            if (!variants.TryGetValue(series.Variant, out var buckets)) variants[series.Variant] = buckets = [];
            foreach (var bucket in series.Buckets)
            {
                if (bucket.StartMicros < seam) continue;
                var stats = bucket.Stats;
                buckets.Add(new BucketAggregate(bucket.StartMicros, stats.Count, stats.Sum, stats.Min, stats.Max)
                {
                    Quantiles = bucket.Quantiles,
                    Categories = bucket.Categories,
                });
            }
        }

        if (users is not null) AddUsers(variants, await users);
        var result = new List<(string, List<BucketAggregate>)>(variants.Count);
        foreach (var (variant, buckets) in variants) result.Add((variant, buckets));
        return new SeriesResult(live.Unit, result, live.KeepsQuantiles);
    }

    // Only to buckets the answer has: a point acknowledged while the query ran may be in one read and not the other.
    private static void AddUsers(SortedDictionary<string, List<BucketAggregate>> variants, Dictionary<(string Variant, long StartMicros), long> users)
    {
        if (users.Count == 0) return;
        foreach (var (variant, buckets) in variants)
            for (var i = 0; i < buckets.Count; i++)
                if (users.TryGetValue((variant, buckets[i].StartMicros), out var count)) buckets[i] = buckets[i] with { Users = count };
    }
}
