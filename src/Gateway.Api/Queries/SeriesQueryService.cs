using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>
/// Answers series queries: the grain answers from memory for the recent part it covers, TimescaleDB's
/// rollups for everything before. The grain says where its coverage starts, on a granularity boundary, so
/// each output bucket comes whole from one source: no double count and no gap at the seam. Closed history
/// comes from the gateway's cache when the grain's history version allows (<see cref="CachedHistoryReader"/>).
/// Distinct users, when asked, come with the history they belong to, and for the part memory answers from
/// the rollups' sketches united with the grain's sketches of what is not flushed yet, read after the grain
/// answered (<see cref="BucketUserReader.ReadWithGrainAsync"/>): the grain's buckets keep no users.
/// </summary>
public sealed class SeriesQueryService(IGrainFactory grains, CachedHistoryReader history, BucketUserReader userReader, MemoryHitCounters hits)
{
    public async Task<SeriesResult> QueryAsync(SeriesRequest request, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<ISeriesGrain>(request.Key.ToGrainKey());
        var live = await grain.GetLiveSeriesAsync(
            new LiveSeriesRequest(request.FromMicros, request.ToMicros, request.GranularityMicros, request.Variant, request.Quantiles, request.WithUsers),
            cancellationToken);

        var seam = Math.Min(live.CoveredFromMicros, request.ToMicros);
        var quantiles = live.KeepsQuantiles ? request.Quantiles : null;
        hits.Count(fromMemoryAlone: request.FromMicros >= seam);
        // After the grain's answer, so that whatever it no longer holds as unflushed is in the rollups read here.
        var liveUsers = request.WithUsers && seam < request.ToMicros
            ? userReader.ReadWithGrainAsync(request.Key, seam, request.ToMicros, request.GranularityMicros, request.Variant, live.Variants, cancellationToken)
            : null;
        var stored = request.FromMicros < seam
            ? await history.ReadAsync(request, seam, live, quantiles, cancellationToken)
            : new StoredHistory([]);
        var users = liveUsers is null ? null : await liveUsers;

        var variants = new SortedDictionary<string, List<BucketAggregate>>(stored.Variants, StringComparer.Ordinal);
        foreach (var series in live.Variants)
        {
            if (series.Buckets.Length == 0) continue;
            if (!variants.TryGetValue(series.Variant, out var buckets)) variants[series.Variant] = buckets = [];
            var first = buckets.Count;
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

            if (users is not null) StoredStretch.AddUsers(series.Variant, buckets, users, first);
        }

        var result = new List<(string, List<BucketAggregate>)>(variants.Count);
        foreach (var (variant, buckets) in variants) result.Add((variant, buckets));
        return new SeriesResult(live.Unit, result, live.KeepsQuantiles) { Cached = stored.Cached };
    }
}
