using Microsoft.Extensions.Options;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Storage;

/// <summary>
/// The rollup tiers of <see cref="RollupTierTable"/> as history reads see them: how far back each still
/// holds data under its configured retention.
/// </summary>
public sealed class RollupTiers(IOptions<RollupRetentionOptions> retention, TimeProvider time)
{
    // A rollup within this margin of its retention may be dropped by the time the query runs.
    private const long RetentionMargin = 60_000_000L;

    /// <summary>The table of the coarsest tier whose buckets divide the width.</summary>
    public static string TableDividing(long micros) => RollupTierTable.CoarsestDividing(micros).Table;

    /// <summary>
    /// Runs of rollup buckets covering the latest part of [from, to) that the tables can cover exactly;
    /// returns where that part starts (<paramref name="toMicros"/> when nothing can be covered).
    /// </summary>
    public long Cover(long fromMicros, long toMicros, List<(string Table, long FromMicros, long ToMicros)> runs)
    {
        var now = UnixTime.ToMicros(time.GetUtcNow());
        var all = RollupTierTable.All;
        Span<CoverTier> tiers = stackalloc CoverTier[all.Length];
        // Widest first, as the cover takes them.
        for (var i = 0; i < all.Length; i++)
        {
            var tier = all[^(i + 1)];
            var kept = retention.Value.For(tier.Resolution);
            var from = kept is { } span ? AlignedCover.CeilingTo(now - span.Ticks / 10 + RetentionMargin, tier.WidthMicros) : 0;
            tiers[i] = new CoverTier(tier.WidthMicros, from, long.MaxValue);
        }

        var cover = new List<CoverRun>();
        var start = AlignedCover.CoverFrom(fromMicros, toMicros, tiers, cover);
        foreach (var run in cover) runs.Add((all[^(run.Tier + 1)].Table, run.FromMicros, run.ToMicros));
        return start;
    }

    /// <summary>
    /// Runs of rollup buckets that hold every bucket touching [from, to), each part from the finest tier that
    /// still holds it: a part past a tier's retention is widened to the whole buckets of a coarser tier that
    /// its edges fall in. Runs may overlap, so this serves unions (distinct users), never sums.
    /// </summary>
    public void CoverWidened(long fromMicros, long toMicros, List<(string Table, long FromMicros, long ToMicros)> runs)
    {
        var now = UnixTime.ToMicros(time.GetUtcNow());
        var end = toMicros;
        foreach (var tier in RollupTierTable.All)
        {
            if (end <= fromMicros) return;
            var kept = retention.Value.For(tier.Resolution) is { } span
                ? AlignedCover.CeilingTo(now - span.Ticks / 10 + RetentionMargin, tier.WidthMicros)
                : long.MinValue;
            var start = Math.Max(fromMicros, kept);
            if (start >= end) continue;
            runs.Add((tier.Table, AlignedCover.FloorTo(start, tier.WidthMicros), end));
            end = start;
        }
    }
}
