using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>
/// Answers series queries: the grain answers from memory for the recent part it covers, TimescaleDB's
/// rollups for everything before. The grain says where its coverage starts, on a granularity boundary, so
/// each output bucket comes whole from one source: no double count and no gap at the seam.
/// </summary>
public sealed class SeriesQueryService(IGrainFactory grains, HistoryReader history, MemoryHitCounters hits)
{
    public async Task<SeriesResult> QueryAsync(SeriesRequest request, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<ISeriesGrain>(request.Key.ToGrainKey());
        var live = await grain.GetLiveSeriesAsync(
            new LiveSeriesRequest(request.FromMicros, request.ToMicros, request.GranularityMicros, request.Variant, request.Quantiles), cancellationToken);

        var seam = Math.Min(live.CoveredFromMicros, request.ToMicros);
        var quantiles = live.KeepsQuantiles ? request.Quantiles : null;
        hits.Count(fromMemoryAlone: request.FromMicros >= seam);
        var stored = request.FromMicros < seam
            ? await history.ReadAsync(request.Key, request.FromMicros, seam, request.GranularityMicros, request.Variant, quantiles, cancellationToken)
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

        var result = new List<(string, List<BucketAggregate>)>(variants.Count);
        foreach (var (variant, buckets) in variants) result.Add((variant, buckets));
        return new SeriesResult(live.Unit, result, live.KeepsQuantiles);
    }
}
