using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>
/// Ring of time buckets of one resolution for one variant. It answers for <see cref="Slots"/> buckets up to
/// now and has room for <see cref="FutureSlots"/> more ahead of now (clients' clocks run ahead). Memory
/// follows the data: buckets live in chunks of <see cref="BucketChunk.Size"/> that are allocated when a point
/// first lands in them and reused in place when the ring comes round, and what is not flushed yet is a small
/// dirty set (<see cref="PendingBuckets"/>) rather than a second copy of every slot. A point outside the span
/// the ring answers for (late, or beyond the future room) is only pending: it is flushed, never held live,
/// so it never evicts a bucket the ring answers for. Adding a point to a touched chunk allocates nothing.
/// </summary>
public sealed class BucketRing
{
    private readonly long _widthMicros;
    // Chunk places grow (doubling) from a few to _places, the most any span touches, when two chunks meet:
    // a sparse series keeps a small table, a full one ends where a fixed table would have started.
    private const int FirstPlaces = 8;
    private readonly int _places;
    private BucketChunk?[] _chunks;
    private readonly PendingBuckets _pending = new();

    public BucketRing(Resolution resolution, int slots, int futureSlots = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(futureSlots);
        Resolution = resolution;
        Slots = slots;
        FutureSlots = futureSlots;
        _widthMicros = resolution.Micros();
        // Any run of slots + futureSlots consecutive buckets touches at most this many chunks.
        _places = (slots + futureSlots + BucketChunk.Size - 1) / BucketChunk.Size + 1;
        _chunks = new BucketChunk?[Math.Min(FirstPlaces, _places)];
    }

    public Resolution Resolution { get; }

    /// <summary>Buckets the ring answers for, ending with the one that holds now.</summary>
    public int Slots { get; }

    /// <summary>Buckets after the one that holds now that the ring can hold without recycling an answered one.</summary>
    public int FutureSlots { get; }

    public long WidthMicros => _widthMicros;

    /// <summary>The start of the oldest bucket the ring still holds completely at <paramref name="nowMicros"/>.</summary>
    public long CoveredFromMicros(long nowMicros) => (nowMicros / _widthMicros - Slots + 1) * _widthMicros;

    /// <summary>The end of the newest bucket the ring can hold at <paramref name="nowMicros"/>.</summary>
    public long CoveredToMicros(long nowMicros) => (nowMicros / _widthMicros + FutureSlots + 1) * _widthMicros;

    /// <summary>Adds a point that is durable but not yet flushed: it counts pending, and live when the ring answers for it.</summary>
    public void Add(long timeMicros, in BucketInput input, long nowMicros)
    {
        var index = timeMicros / _widthMicros;
        _pending.Add(index, input);
        if (InSpan(index, nowMicros)) Claim(index)?.Fold((int)(index % BucketChunk.Size), input);
    }

    /// <summary>Adds a plain number (no quantile bin).</summary>
    public void Add(long timeMicros, double value, long nowMicros) => Add(timeMicros, BucketInput.Number(value), nowMicros);

    /// <summary>Adds statistics that storage already holds (a rebuild after activation): live only.</summary>
    public void LoadFlushed(long bucketIndex, in SummaryStats stats, BucketParts? parts = null) =>
        Claim(bucketIndex)?.Merge((int)(bucketIndex % BucketChunk.Size), stats, parts);

    /// <summary>The live statistics of a bucket, or empty when the ring does not hold it.</summary>
    public SummaryStats Read(long bucketIndex)
    {
        var chunkIndex = bucketIndex / BucketChunk.Size;
        var chunk = _chunks[chunkIndex % _chunks.Length];
        return chunk is not null && chunk.Index == chunkIndex ? chunk.Stats[(int)(bucketIndex % BucketChunk.Size)] : default;
    }

    /// <summary>Adds the bins and categories of a bucket to <paramref name="into"/>; nothing when the ring does not hold it.</summary>
    public void AddPartsTo(long bucketIndex, BucketParts into)
    {
        var chunkIndex = bucketIndex / BucketChunk.Size;
        var chunk = _chunks[chunkIndex % _chunks.Length];
        if (chunk is not null && chunk.Index == chunkIndex) chunk.AddPartsTo((int)(bucketIndex % BucketChunk.Size), into);
    }

    /// <summary>The bins and categories of a bucket as a copy, or null when it has none or the ring does not hold it.</summary>
    public BucketParts? ReadParts(long bucketIndex)
    {
        var parts = new BucketParts();
        AddPartsTo(bucketIndex, parts);
        return parts.IsEmpty ? null : parts;
    }

    /// <summary>Moves everything not yet flushed into <paramref name="rows"/> and clears it.</summary>
    public void CollectPending(int variantIndex, List<RollupRow> rows) => _pending.Drain(Resolution, variantIndex, rows);

    /// <summary>Puts back statistics whose flush failed, so that the next flush carries them.</summary>
    public void RestorePending(long bucketIndex, in SummaryStats stats, BucketParts? parts = null) => _pending.Merge(bucketIndex, stats, parts);

    /// <summary>Whether anything waits to be flushed.</summary>
    public bool HasPending() => _pending.Count != 0;

    /// <summary>Places in the ring's table of chunks.</summary>
    internal int ChunkPlaces => _chunks.Length;

    /// <summary>The table of chunks, empty places null (read at every flush tick by the memory estimate, so no iterator).</summary>
    internal ReadOnlySpan<BucketChunk?> ChunkTable => _chunks;

    /// <summary>Chunks allocated so far (for the memory report and tests).</summary>
    public int AllocatedChunks()
    {
        var count = 0;
        foreach (var chunk in _chunks)
            if (chunk is not null) count++;
        return count;
    }

    private bool InSpan(long index, long nowMicros)
    {
        var now = nowMicros / _widthMicros;
        return index > now - Slots && index <= now + FutureSlots;
    }

    // The chunk that holds the bucket, taking over a chunk of older buckets (their unflushed part is in the
    // dirty set, so nothing is lost). Null when the chunk's place holds newer buckets.
    private BucketChunk? Claim(long index)
    {
        var chunkIndex = index / BucketChunk.Size;
        while (true)
        {
            var at = (int)(chunkIndex % _chunks.Length);
            var chunk = _chunks[at];
            if (chunk is null) return _chunks[at] = new BucketChunk { Index = chunkIndex };
            if (chunk.Index == chunkIndex) return chunk;
            // Below full size every chunk keeps its place: the table grows instead.
            if (_chunks.Length < _places)
            {
                Grow();
                continue;
            }

            if (chunk.Index > chunkIndex) return null;
            chunk.Recycle(chunkIndex);
            return chunk;
        }
    }

    // Doubles the table (up to full size), every chunk at its index's new place. Two chunks can meet again
    // only at full size, where at most one of them is within any span: the newer stays.
    private void Grow()
    {
        var grown = new BucketChunk?[Math.Min(_places, _chunks.Length * 2)];
        foreach (var chunk in _chunks)
        {
            if (chunk is null) continue;
            var at = (int)(chunk.Index % grown.Length);
            if (grown[at] is not { } other || other.Index < chunk.Index) grown[at] = chunk;
        }

        _chunks = grown;
    }
}
