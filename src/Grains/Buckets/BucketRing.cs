using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>
/// Ring of time buckets of one resolution for one variant. It answers for <see cref="Slots"/> buckets up to
/// now and has room for <see cref="FutureSlots"/> more ahead of now (clients' clocks run ahead). Memory
/// follows the data: buckets live in chunks of <see cref="BucketChunk.Size"/> (<see cref="ChunkTable"/>) that
/// are allocated when a point first lands in them and taken over when their buckets leave the span, and what
/// is not flushed yet is a small dirty set (<see cref="PendingBuckets"/>) rather than a second copy of every
/// slot. A point outside the span the ring answers for (late, or beyond the future room) is only pending: it
/// is flushed, never held live, so it never evicts a bucket the ring answers for. Adding a point to a bucket
/// that has room allocates nothing.
/// </summary>
public sealed class BucketRing
{
    private readonly long _widthMicros;
    private readonly ChunkTable _chunks;
    private readonly PendingBuckets _pending = new();
    // The latest "now" a point came with: chunks wholly before the span it implies are free to take over.
    private long _nowIndex = long.MinValue;

    public BucketRing(Resolution resolution, int slots, int futureSlots = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(futureSlots);
        Resolution = resolution;
        Slots = slots;
        FutureSlots = futureSlots;
        _widthMicros = resolution.Micros();
        // Any run of slots + futureSlots consecutive buckets touches at most this many chunks.
        _chunks = new ChunkTable((slots + futureSlots + BucketChunk.Size - 1) / BucketChunk.Size + 1);
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
        var now = nowMicros / _widthMicros;
        if (now > _nowIndex) _nowIndex = now;
        if (index <= now - Slots || index > now + FutureSlots) return;
        var at = (int)(index % BucketChunk.Size);
        var place = Claim(index);
        ref var stats = ref _chunks.ChunkAt(place).Bucket(at);
        if (input.HasParts) input.FoldInto(ref stats, ref _chunks.PartsSlot(place), at, BucketChunk.Size);
        else stats.Add(input.Value);
    }

    /// <summary>Adds a plain number (no quantile bin).</summary>
    public void Add(long timeMicros, double value, long nowMicros) => Add(timeMicros, BucketInput.Number(value), nowMicros);

    /// <summary>Adds statistics that storage already holds (a rebuild after activation): live only.</summary>
    public void LoadFlushed(long bucketIndex, in SummaryStats stats, BucketParts? parts = null)
    {
        var at = (int)(bucketIndex % BucketChunk.Size);
        var place = Claim(bucketIndex);
        _chunks.ChunkAt(place).Bucket(at).Merge(stats);
        if (parts is not null && !parts.IsEmpty) (_chunks.PartsSlot(place) ??= new BucketParts()).Merge(parts, at, BucketChunk.Size);
    }

    /// <summary>The live statistics of a bucket, or empty when the ring does not hold it.</summary>
    public SummaryStats Read(long bucketIndex)
    {
        var place = _chunks.Find(bucketIndex / BucketChunk.Size);
        return place < 0 ? default : _chunks.ChunkAt(place).Read((int)(bucketIndex % BucketChunk.Size));
    }

    /// <summary>Adds the bins and categories of a bucket to <paramref name="into"/>; nothing when the ring does not hold it.</summary>
    public void AddPartsTo(long bucketIndex, BucketParts into)
    {
        var place = _chunks.Find(bucketIndex / BucketChunk.Size);
        if (place >= 0 && _chunks.PartsAt(place) is { } parts) into.MergeBucket(parts, (int)(bucketIndex % BucketChunk.Size), BucketChunk.Size);
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

    /// <summary>Adds the users of the buckets changed since the last flush to a live answer's.</summary>
    internal void AddPendingUsersTo(UnflushedUserSketches into) => _pending.AddUsersTo(into);

    /// <summary>Whether anything waits to be flushed.</summary>
    public bool HasPending() => _pending.Count != 0;

    /// <summary>The ring's chunks (for the memory estimate and tests).</summary>
    internal ChunkTable Chunks => _chunks;

    /// <summary>Chunks allocated so far, live or waiting to be taken over (for the memory report and tests).</summary>
    public int AllocatedChunks()
    {
        var count = 0;
        foreach (var chunk in _chunks.Chunks)
            if (chunk is not null) count++;
        return count;
    }

    private int Claim(long index)
    {
        // Chunk c holds buckets 4c to 4c + 3; the oldest bucket of the span is now - Slots + 1.
        var firstLive = _nowIndex == long.MinValue ? long.MinValue : (_nowIndex - Slots + 1) / BucketChunk.Size;
        return _chunks.Claim(index / BucketChunk.Size, (int)(index % BucketChunk.Size), firstLive);
    }
}
