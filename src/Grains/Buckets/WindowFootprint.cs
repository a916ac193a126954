using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>
/// An estimate of what a window holds, from object sizes on 64-bit .NET (header 16 bytes, references 8):
/// cheap enough to compute on request, and close to what a heap dump shows per series (the memory
/// benchmark measures the real figure).
/// </summary>
internal static class WindowFootprint
{
    // Header, Index and four 40-byte SummaryStats; or one, with which of the four it is.
    private const long FullChunkBytes = 16 + 8 + BucketChunk.Size * 40;
    private const long SingleChunkBytes = 16 + 8 + 8 + 40;
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
                var table = variant.Ring(resolution).Chunks;
                bytes += 24 + 8L * table.Places + (table.Parts.IsEmpty ? 0 : 24 + 8L * table.Places);
                foreach (var chunk in table.Chunks)
                {
                    if (chunk is null) continue;
                    var held = chunk is FullBucketChunk ? BucketChunk.Size : 1;
                    buckets += held;
                    bytes += held == 1 ? SingleChunkBytes : FullChunkBytes;
                }

                foreach (var parts in table.Parts)
                {
                    if (parts is null) continue;
                    if (!parts.IsEmpty) withParts += BucketChunk.Size;
                    bytes += PartsBytes + ArrayBytes(parts.Bins) + ArrayBytes(parts.Categories);
                }
            }
        }

        return new SeriesMemory(buckets, withParts, units, bytes);
    }

    // The (key, count) pairs array of the capacity the counts grew to.
    private static long ArrayBytes(KeyedCounts? counts) => counts is null ? 0 : 24 + 16L * counts.Capacity;
}
