using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>
/// An estimate of what a window holds, from object sizes on 64-bit .NET (header 16 bytes, references 8):
/// cheap enough to compute on request, and close to what a heap dump shows per series (the memory
/// benchmark measures the real figure).
/// </summary>
internal static class WindowFootprint
{
    // Header, Index, the Parts reference and four 40-byte SummaryStats.
    private const long ChunkBytes = 16 + 8 + 8 + BucketChunk.Size * 40;
    // A BucketParts (shared by the chunk's buckets) with its KeyedCounts objects, before their arrays.
    private const long PartsBytes = 16 + 3 * 8 + 2 * (16 + 8 + 8);
    // A Dictionary<ulong, UnitTotals> entry (hash, next, key, value) plus its bucket, at a typical load.
    private const long UnitBytes = 40;

    public static SeriesMemory Of(SeriesWindow window)
    {
        long buckets = 0, withParts = 0, bytes = 0, units = 0;
        foreach (var variant in window.Variants)
        {
            units += variant.Units.UnitCount;
            bytes += UnitBytes * variant.Units.UnitCount;
            foreach (var resolution in RollupTierTable.Resolutions)
            {
                var ring = variant.Ring(resolution);
                bytes += 24 + 8L * ring.ChunkPlaces;
                foreach (var chunk in ring.ChunkTable)
                {
                    if (chunk is null) continue;
                    buckets += BucketChunk.Size;
                    bytes += ChunkBytes;
                    if (chunk.Parts is not { } parts) continue;
                    withParts += BucketChunk.Size;
                    bytes += PartsBytes + ArrayBytes(parts.Bins) + ArrayBytes(parts.Categories);
                }
            }
        }

        return new SeriesMemory(buckets, withParts, units, bytes);
    }

    // The (key, count) pairs array of the capacity the counts grew to.
    private static long ArrayBytes(KeyedCounts? counts) => counts is null ? 0 : 24 + 16L * counts.Capacity;
}
