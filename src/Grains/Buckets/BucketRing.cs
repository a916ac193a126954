using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>
/// Fixed-size ring of time buckets of one resolution for one variant. Each slot keeps the live statistics
/// of its bucket (what queries read) and the part not yet flushed to storage (what the next flush adds).
/// The ring answers for <see cref="Slots"/> buckets up to now and has room for <see cref="FutureSlots"/>
/// more ahead of now (clients' clocks run ahead), so a point from the accepted future never recycles a
/// bucket the ring still answers for. Adding a point never allocates; only points outside that span go to
/// a small dictionary of late buckets that waits for the next flush.
/// </summary>
public sealed class BucketRing
{
    private readonly long _widthMicros;
    private readonly long[] _bucketIndexes;
    private readonly SummaryStats[] _live;
    private readonly SummaryStats[] _pending;
    private Dictionary<long, SummaryStats>? _latePending;

    public BucketRing(Resolution resolution, int slots, int futureSlots = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(futureSlots);
        Resolution = resolution;
        Slots = slots;
        FutureSlots = futureSlots;
        _widthMicros = resolution.Micros();
        _bucketIndexes = new long[slots + futureSlots];
        Array.Fill(_bucketIndexes, -1L);
        _live = new SummaryStats[_bucketIndexes.Length];
        _pending = new SummaryStats[_bucketIndexes.Length];
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

    /// <summary>Adds a point that is durable but not yet flushed: it counts live and pending.</summary>
    public void Add(long timeMicros, double value, long nowMicros)
    {
        var index = timeMicros / _widthMicros;
        var slot = (int)(index % _bucketIndexes.Length);
        // Beyond the future room the slot may still hold a bucket the ring answers for: storage keeps it.
        if (index > nowMicros / _widthMicros + FutureSlots || !Claim(slot, index))
        {
            AddLate(index, value);
            return;
        }

        _live[slot].Add(value);
        _pending[slot].Add(value);
    }

    /// <summary>Adds statistics that storage already holds (a rebuild after activation): live only.</summary>
    public void LoadFlushed(long bucketIndex, in SummaryStats stats)
    {
        var slot = (int)(bucketIndex % _bucketIndexes.Length);
        if (Claim(slot, bucketIndex)) _live[slot].Merge(stats);
    }

    /// <summary>The live statistics of a bucket, or empty when the ring does not hold it.</summary>
    public SummaryStats Read(long bucketIndex)
    {
        var slot = (int)(bucketIndex % _bucketIndexes.Length);
        return _bucketIndexes[slot] == bucketIndex ? _live[slot] : default;
    }

    /// <summary>Moves everything not yet flushed into <paramref name="rows"/> and clears it.</summary>
    public void CollectPending(int variantIndex, List<RollupRow> rows)
    {
        for (var slot = 0; slot < _pending.Length; slot++)
        {
            if (_pending[slot].Count == 0) continue;
            rows.Add(new RollupRow(Resolution, variantIndex, _bucketIndexes[slot], _pending[slot]));
            _pending[slot] = default;
        }

        if (_latePending is null) return;
        foreach (var (index, stats) in _latePending)
            rows.Add(new RollupRow(Resolution, variantIndex, index, stats));
        _latePending.Clear();
    }

    /// <summary>Puts back statistics whose flush failed, so that the next flush carries them.</summary>
    public void RestorePending(long bucketIndex, in SummaryStats stats)
    {
        var slot = (int)(bucketIndex % _bucketIndexes.Length);
        if (_bucketIndexes[slot] == bucketIndex)
            _pending[slot].Merge(stats);
        else
            MergeLate(bucketIndex, stats);
    }

    /// <summary>Whether anything waits to be flushed.</summary>
    public bool HasPending()
    {
        if (_latePending is { Count: > 0 }) return true;
        foreach (ref readonly var stats in _pending.AsSpan())
            if (stats.Count != 0) return true;
        return false;
    }

    // Makes the slot hold the bucket, recycling an older bucket (its unflushed part moves to the late
    // buckets so nothing is lost). False when the slot already holds a newer bucket.
    private bool Claim(int slot, long index)
    {
        var held = _bucketIndexes[slot];
        if (held == index) return true;
        if (held > index) return false;
        if (_pending[slot].Count != 0) MergeLate(held, _pending[slot]);
        _bucketIndexes[slot] = index;
        _live[slot] = default;
        _pending[slot] = default;
        return true;
    }

    private void AddLate(long index, double value)
    {
        var stats = new SummaryStats();
        stats.Add(value);
        MergeLate(index, stats);
    }

    private void MergeLate(long index, in SummaryStats stats)
    {
        _latePending ??= [];
        _latePending.TryGetValue(index, out var existing);
        existing.Merge(stats);
        _latePending[index] = existing;
    }
}
