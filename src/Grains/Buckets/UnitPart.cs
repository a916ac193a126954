namespace TSMetrics.Grains.Buckets;

/// <summary>
/// The units of one part of a variant, as memory holds them: what a unit flush writes in place of the
/// stored part (tsm.unit_parts, db/019). A variant's units are split into <see cref="Count"/> parts by the
/// top bits of their hashes, so a flush rewrites only the parts its pending units fall in.
/// </summary>
/// <param name="VariantIndex">Index into the series' variant names.</param>
/// <param name="Part">0 to <see cref="Count"/> - 1.</param>
/// <param name="UnitHashes">The part's unit hashes (UnitIdHash, stored signed).</param>
/// <param name="Points">Each unit's points.</param>
/// <param name="Sums">Each unit's sum.</param>
public sealed record UnitPart(int VariantIndex, int Part, long[] UnitHashes, long[] Points, double[] Sums)
{
    /// <summary>Parts per variant. db/019 computes the same split in SQL: the hash's top 10 bits.</summary>
    public const int Count = 1 << PartBits;

    private const int PartBits = 10;

    public static int Of(ulong unitHash) => (int)(unitHash >> (64 - PartBits));

    /// <summary>Groups units into their parts, in order of variant and part.</summary>
    public static List<UnitPart> Split(List<(int VariantIndex, ulong UnitHash, long Points, double Sum)> units)
    {
        units.Sort(static (a, b) => a.VariantIndex != b.VariantIndex ? a.VariantIndex.CompareTo(b.VariantIndex) : Of(a.UnitHash).CompareTo(Of(b.UnitHash)));
        var parts = new List<UnitPart>();
        for (var start = 0; start < units.Count;)
        {
            var (variant, part) = (units[start].VariantIndex, Of(units[start].UnitHash));
            var end = start + 1;
            while (end < units.Count && units[end].VariantIndex == variant && Of(units[end].UnitHash) == part) end++;
            var (hashes, points, sums) = (new long[end - start], new long[end - start], new double[end - start]);
            for (var i = start; i < end; i++)
                (hashes[i - start], points[i - start], sums[i - start]) = (unchecked((long)units[i].UnitHash), units[i].Points, units[i].Sum);
            parts.Add(new UnitPart(variant, part, hashes, points, sums));
            start = end;
        }

        return parts;
    }
}
