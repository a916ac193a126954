using System.Numerics;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>
/// A ring's chunks by index: open addressing with linear probing over a power-of-two table sized by the
/// chunks in use, not by the span (a series with a point an hour holds 8 places, not the 363 a day of
/// minutes could touch). Chunks whose buckets all left the ring's span are free: a new chunk takes over the
/// first free one on its probe path (keeping the object), and a table that fills up is rebuilt without them.
/// Bins and categories, for series that have them, sit in a parallel array at the chunk's place.
/// </summary>
internal sealed class ChunkTable
{
    private const int FirstPlaces = 8;

    private readonly int _maxPlaces;
    private BucketChunk?[] _chunks = new BucketChunk?[FirstPlaces];
    private BucketParts?[]? _parts;
    private int _used;
    private int _lastPlace;

    /// <param name="maxLiveChunks">The most chunks any span of the ring touches.</param>
    public ChunkTable(int maxLiveChunks) =>
        _maxPlaces = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(FirstPlaces, ((maxLiveChunks + 1) * 4 + 2) / 3));

    public int Places => _chunks.Length;

    /// <summary>The table, empty places null (walked by the memory estimate, so no iterator).</summary>
    public ReadOnlySpan<BucketChunk?> Chunks => _chunks;

    /// <summary>Bins and categories by place, or empty while no bucket has any.</summary>
    public ReadOnlySpan<BucketParts?> Parts => _parts;

    /// <summary>The place of chunk <paramref name="chunkIndex"/>, or -1.</summary>
    public int Find(long chunkIndex)
    {
        var last = _chunks[_lastPlace];
        if (last is not null && last.Index == chunkIndex) return _lastPlace;
        var mask = _chunks.Length - 1;
        for (var place = Home(chunkIndex, mask); ; place = (place + 1) & mask)
        {
            var chunk = _chunks[place];
            if (chunk is null) return -1;
            if (chunk.Index == chunkIndex) return place;
        }
    }

    public BucketChunk ChunkAt(int place) => _chunks[place]!;

    public BucketParts? PartsAt(int place) => _parts?[place];

    /// <summary>The parts of a place, for a fold that adds to them (allocating the parallel array on first use).</summary>
    public ref BucketParts? PartsSlot(int place) => ref (_parts ??= new BucketParts?[_chunks.Length])[place];

    /// <summary>
    /// The place of a chunk with room for bucket <paramref name="at"/> of chunk <paramref name="chunkIndex"/>:
    /// found, grown from a single to a full chunk, taken over from a chunk below <paramref name="firstLiveChunk"/>,
    /// or new. Allocates only in the last two cases, never for a bucket that already has room.
    /// </summary>
    public int Claim(long chunkIndex, int at, long firstLiveChunk)
    {
        var mask = _chunks.Length - 1;
        var free = -1;
        var place = Home(chunkIndex, mask);
        var last = _chunks[_lastPlace];
        if (last is not null && last.Index == chunkIndex) place = _lastPlace;
        for (; ; place = (place + 1) & mask)
        {
            var chunk = _chunks[place];
            if (chunk is null) break;
            if (chunk.Index == chunkIndex)
            {
                if (!chunk.Holds(at)) _chunks[place] = FullBucketChunk.From((SingleBucketChunk)chunk);
                return _lastPlace = place;
            }

            if (free < 0 && chunk.Index < firstLiveChunk) free = place;
        }

        if (free >= 0)
        {
            _chunks[free]!.Recycle(chunkIndex, at);
            _parts?[free]?.Clear();
            return _lastPlace = free;
        }

        if ((_used + 1) * 4 > _chunks.Length * 3)
        {
            Rebuild(firstLiveChunk);
            return Claim(chunkIndex, at, firstLiveChunk);
        }

        _chunks[place] = new SingleBucketChunk(chunkIndex, at);
        _used++;
        return _lastPlace = place;
    }

    // Moves the live chunks into a table sized for them (at most 5/8 full, or 3/4 at the size a full span
    // needs), dropping the free ones; so a claim always finds an empty place.
    private void Rebuild(long firstLiveChunk)
    {
        var live = 0;
        foreach (var chunk in _chunks)
            if (chunk is not null && chunk.Index >= firstLiveChunk) live++;
        var places = PlacesFor(live + 1);
        if (places > _maxPlaces && (live + 1) * 4 <= _maxPlaces * 3) places = _maxPlaces;
        var chunks = new BucketChunk?[places];
        var parts = _parts is null ? null : new BucketParts?[places];
        var mask = places - 1;
        for (var from = 0; from < _chunks.Length; from++)
        {
            var chunk = _chunks[from];
            if (chunk is null || chunk.Index < firstLiveChunk) continue;
            var to = Home(chunk.Index, mask);
            while (chunks[to] is not null) to = (to + 1) & mask;
            chunks[to] = chunk;
            if (parts is not null) parts[to] = _parts![from];
        }

        (_chunks, _parts, _used, _lastPlace) = (chunks, parts, live, 0);
    }

    // The smallest power of two of at least 8 places that holds the chunks at most 5/8 full.
    private static int PlacesFor(int chunks) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(FirstPlaces, (chunks * 8 + 4) / 5));

    // Fibonacci hashing: strided chunk indices (a point every 16 s, say) spread over the table instead of piling up.
    private static int Home(long chunkIndex, int mask) => (int)(((ulong)chunkIndex * 0x9E3779B97F4A7C15UL) >> 32) & mask;
}
