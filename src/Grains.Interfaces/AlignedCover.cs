namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// Covers a window exactly with aligned buckets of several widths (the in-memory rings, or the rollup
/// tables): at each position the widest bucket that starts there, lies inside its tier's coverage and ends
/// by the window's end. So a window from 10:30 is summed from minutes up to 11:00 and from hours after
/// that, never from the hour bucket that starts at 10:00.
/// </summary>
public static class AlignedCover
{
    /// <summary>
    /// Fills <paramref name="runs"/> with consecutive runs of buckets, one tier each, that cover
    /// [<paramref name="fromMicros"/>, <paramref name="toMicros"/>) exactly; false when no exact cover exists.
    /// The tiers are given widest first.
    /// </summary>
    public static bool TryCover(long fromMicros, long toMicros, ReadOnlySpan<CoverTier> tiers, List<CoverRun> runs)
    {
        runs.Clear();
        var position = fromMicros;
        while (position < toMicros)
        {
            var chosen = -1;
            for (var i = 0; i < tiers.Length; i++)
            {
                var tier = tiers[i];
                if (position % tier.WidthMicros == 0 && position >= tier.FromMicros && position + tier.WidthMicros <= Math.Min(toMicros, tier.ToMicros))
                {
                    chosen = i;
                    break;
                }
            }

            if (chosen < 0) return false;
            var end = position + tiers[chosen].WidthMicros;
            if (runs.Count > 0 && runs[^1].Tier == chosen && runs[^1].ToMicros == position) runs[^1] = runs[^1] with { ToMicros = end };
            else runs.Add(new CoverRun(chosen, position, end));
            position = end;
        }

        return true;
    }

    /// <summary>
    /// The earliest start at or after <paramref name="fromMicros"/> from which the tiers cover the rest of
    /// the window up to <paramref name="toMicros"/> exactly, with its runs; <paramref name="toMicros"/> and no
    /// runs when they cannot. Candidates are the first aligned start of each tier.
    /// </summary>
    public static long CoverFrom(long fromMicros, long toMicros, ReadOnlySpan<CoverTier> tiers, List<CoverRun> runs)
    {
        Span<long> starts = stackalloc long[tiers.Length + 1];
        starts[0] = fromMicros;
        for (var i = 0; i < tiers.Length; i++)
        {
            var width = tiers[i].WidthMicros;
            starts[i + 1] = Math.Max(CeilingTo(fromMicros, width), CeilingTo(tiers[i].FromMicros, width));
        }

        starts.Sort();
        foreach (var start in starts)
        {
            if (start >= toMicros) break;
            if (TryCover(start, toMicros, tiers, runs)) return start;
        }

        runs.Clear();
        return toMicros;
    }

    /// <summary>The first multiple of <paramref name="step"/> at or after <paramref name="micros"/>.</summary>
    public static long CeilingTo(long micros, long step) => FloorTo(micros + step - 1, step);

    /// <summary>The last multiple of <paramref name="step"/> at or before <paramref name="micros"/>.</summary>
    public static long FloorTo(long micros, long step) => micros >= 0 ? micros / step * step : (micros - step + 1) / step * step;
}

/// <summary>One source of buckets of one width, holding the buckets that start in [From, To - width].</summary>
public readonly record struct CoverTier(long WidthMicros, long FromMicros, long ToMicros);

/// <summary>Buckets of tier <see cref="Tier"/> (an index into the tiers given) covering [From, To).</summary>
public readonly record struct CoverRun(int Tier, long FromMicros, long ToMicros);
