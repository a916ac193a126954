using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>For writers of history that bypass the grains (demo and benchmark seeders): every tier a flush would write.</summary>
public static class CoarserRollups
{
    /// <summary>Adds, for every tier coarser than <paramref name="from"/>, the merge of the rows of <paramref name="from"/>.</summary>
    public static void Add(List<RollupRow> rows, Resolution from)
    {
        var source = rows.FindAll(r => r.Resolution == from);
        foreach (var tier in RollupTierTable.All)
        {
            if (tier.WidthMicros <= from.Micros()) continue;
            var ratio = tier.WidthMicros / from.Micros();
            var merged = new SortedDictionary<(int Variant, long Index), SummaryStats>();
            foreach (var row in source)
            {
                var key = (row.VariantIndex, row.BucketIndex / ratio);
                merged.TryGetValue(key, out var stats);
                stats.Merge(row.Stats);
                merged[key] = stats;
            }

            foreach (var ((variant, index), stats) in merged) rows.Add(new RollupRow(tier.Resolution, variant, index, stats));
        }
    }
}
