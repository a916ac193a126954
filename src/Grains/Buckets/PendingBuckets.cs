using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>
/// The buckets of one ring changed since the last flush and what they gained: a small dirty set, so a flush
/// visits only what changed. Only these keep the distinct users of their points (<see cref="BucketParts.Users"/>),
/// so users cost memory for one flush interval's buckets, not for a ring. A handful of buckets change between flushes, found from the newest back, or
/// through an index once more than a few change; buffers are kept across flushes (so adding allocates
/// nothing in a steady state) unless a burst of late points made them large.
/// </summary>
internal sealed class PendingBuckets
{
    private const int ScanLimit = 8;
    private const int KeptCapacity = 64;

    private Entry[] _entries = [];
    private Dictionary<long, int>? _lookup;

    public int Count { get; private set; }

    public void Add(long index, in BucketInput input)
    {
        ref var entry = ref Find(index);
        input.FoldPendingInto(ref entry.Stats, ref entry.Parts);
    }

    public void Merge(long index, in SummaryStats stats, BucketParts? parts)
    {
        ref var entry = ref Find(index);
        entry.Stats.Merge(stats);
        if (parts is not null) (entry.Parts ??= new BucketParts()).Merge(parts);
    }

    /// <summary>Adds every pending bucket's users to a live answer's (read only: a flush may read them too).</summary>
    public void AddUsersTo(UnflushedUserSketches into)
    {
        for (var i = 0; i < Count; i++) into.Add(_entries[i].Index, _entries[i].Parts?.Users);
    }

    /// <summary>Moves everything into <paramref name="rows"/>; large buffers of a burst are let go.</summary>
    public void Drain(Resolution resolution, int variantIndex, List<RollupRow> rows)
    {
        // The rows take the parts: they go to storage, and the next flush's points start new ones.
        for (var i = 0; i < Count; i++) rows.Add(new RollupRow(resolution, variantIndex, _entries[i].Index, _entries[i].Stats, _entries[i].Parts));
        if (_entries.Length > KeptCapacity)
        {
            _entries = [];
            _lookup = null;
        }

        _lookup?.Clear();
        if (_entries.Length > 0) Array.Clear(_entries, 0, Count);
        Count = 0;
    }

    private ref Entry Find(long index)
    {
        if (_lookup is { Count: > 0 })
        {
            if (_lookup.TryGetValue(index, out var at)) return ref _entries[at];
        }
        else
        {
            for (var i = Count - 1; i >= 0; i--)
                if (_entries[i].Index == index) return ref _entries[i];
        }

        if (Count == _entries.Length) Array.Resize(ref _entries, Math.Max(4, Count * 2));
        _entries[Count] = new Entry { Index = index };
        if (Count >= ScanLimit)
        {
            _lookup ??= new Dictionary<long, int>(Count * 2);
            if (_lookup.Count == 0)
                for (var i = 0; i < Count; i++) _lookup[_entries[i].Index] = i;
            _lookup.Add(index, Count);
        }

        return ref _entries[Count++];
    }

    private struct Entry
    {
        public long Index;
        public SummaryStats Stats;
        public BucketParts? Parts;
    }
}
