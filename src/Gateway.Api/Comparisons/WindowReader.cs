using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Comparisons;

/// <summary>
/// A series' per-variant totals over a window, computed exactly over the window it reports: the grain
/// answers for the part its rings cover with whole buckets, the rollups and unflushed journal for the rest,
/// merged exactly (counts, sums and M2, categories and quantile bins). The window is whole seconds, [floor(from), ceiling(to)), starting
/// later only where storage no longer holds seconds that old (then at the next whole minute or hour).
/// </summary>
public sealed class WindowReader(IGrainFactory grains, HistoryReader history, RollupTiers tiers, MemoryHitCounters hits)
{
    private const long Second = 1_000_000L;

    public async Task<WindowTotals> ReadAsync(SeriesKey key, long fromMicros, long toMicros, CancellationToken cancellationToken)
    {
        fromMicros = AlignedCover.FloorTo(fromMicros, Second);
        toMicros = AlignedCover.CeilingTo(toMicros, Second);
        var live = await grains.GetGrain<ISeriesGrain>(key.ToGrainKey()).GetWindowAsync(fromMicros, toMicros, cancellationToken);
        var runs = new List<(string, long, long)>();
        var coveredFrom = fromMicros < live.CoveredFromMicros ? tiers.Cover(fromMicros, live.CoveredFromMicros, runs) : live.CoveredFromMicros;
        if (runs.Count == 0 && live.CoveredFromMicros == live.CoveredToMicros) coveredFrom = toMicros;
        // Past the rings' future room (a window far ahead of now), the 1-second rollups hold the rest.
        if (live.CoveredToMicros < toMicros) tiers.Cover(live.CoveredToMicros, toMicros, runs);
        hits.Count(fromMemoryAlone: runs.Count == 0);
        if (runs.Count == 0) return live with { CoveredToMicros = toMicros };

        var stored = await history.ReadTotalsAsync(key, runs, QuantileDefaults.Keeps(key.Metric, live.Definition), cancellationToken);
        foreach (var variant in live.Variants)
            if (!stored.ContainsKey(variant.Variant)) stored[variant.Variant] = new StoredTotals();
        return live with
        {
            CoveredFromMicros = coveredFrom,
            CoveredToMicros = toMicros,
            Variants = stored.Select(pair => pair.Value.MergedWith(pair.Key, Array.Find(live.Variants, v => v.Variant == pair.Key))).ToArray(),
        };
    }
}
