using System.Runtime.CompilerServices;
using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics.Units;

namespace TSMetrics.Grains;

/// <summary>
/// An estimate of what a series holds in memory, for the memory instruments: its allocated bucket chunks
/// (object header, index and inline statistics each) and its units (a dictionary entry each). Ring tables,
/// sketches and the grain itself are left out, so it is a floor, cheap enough to take at every flush tick.
/// </summary>
internal static class SeriesMemoryEstimate
{
    // Object header and method table pointer of a 64-bit object, then the chunk's fields.
    private static readonly long ChunkBytes = 16 + sizeof(long) + BucketChunk.Size * Unsafe.SizeOf<SummaryStats>();

    // Dictionary<ulong, UnitTotals> entry: hash code, next index, key and value, plus its bucket slot.
    private static readonly long UnitBytes = sizeof(int) * 3 + sizeof(ulong) + Unsafe.SizeOf<UnitTotals>();

    public static long Of(SeriesWindow window)
    {
        long chunks = 0;
        foreach (var variant in window.Variants)
            foreach (var resolution in RollupTierTable.Resolutions)
                chunks += variant.Ring(resolution).AllocatedChunks();
        return chunks * ChunkBytes + window.UnitCount * UnitBytes;
    }
}
