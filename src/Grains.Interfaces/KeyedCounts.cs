namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// Counts per integer key, sorted by key and sparse: what a bucket counts beyond its numbers (values per
/// quantile bin, points per category). Merging adds counts key by key, so any union of buckets is exact.
/// Adding to a key already present allocates nothing. Not thread-safe.
/// </summary>
[GenerateSerializer, Alias("TSMetrics.KeyedCounts")]
public sealed class KeyedCounts
{
    [Id(0)] private int[] _keys = [];
    [Id(1)] private long[] _counts = [];
    [Id(2)] private int _length;

    /// <summary>Keys with a count.</summary>
    public int Length => _length;

    /// <summary>Keys the buffers have room for before they grow.</summary>
    public int Capacity => _keys.Length;

    /// <summary>Whether no key has a count.</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>The key at a position in key order.</summary>
    public int KeyAt(int position) => _keys[position];

    /// <summary>The count at a position in key order.</summary>
    public long CountAt(int position) => _counts[position];

    /// <summary>The sum of all counts.</summary>
    public long Total()
    {
        long total = 0;
        for (var i = 0; i < _length; i++) total += _counts[i];
        return total;
    }

    /// <summary>The count of a key, 0 when absent.</summary>
    public long this[int key]
    {
        get
        {
            var at = Array.BinarySearch(_keys, 0, _length, key);
            return at >= 0 ? _counts[at] : 0;
        }
    }

    /// <summary>Adds to a key's count.</summary>
    public void Add(int key, long count = 1)
    {
        if (count == 0) return;
        var at = Array.BinarySearch(_keys, 0, _length, key);
        if (at >= 0)
        {
            _counts[at] += count;
            return;
        }

        at = ~at;
        if (_length == _keys.Length)
        {
            var capacity = Math.Max(4, _length * 2);
            Array.Resize(ref _keys, capacity);
            Array.Resize(ref _counts, capacity);
        }

        Array.Copy(_keys, at, _keys, at + 1, _length - at);
        Array.Copy(_counts, at, _counts, at + 1, _length - at);
        _keys[at] = key;
        _counts[at] = count;
        _length++;
    }

    /// <summary>Adds every count of <paramref name="other"/>.</summary>
    public void Merge(KeyedCounts other)
    {
        for (var i = 0; i < other._length; i++) Add(other._keys[i], other._counts[i]);
    }

    /// <summary>Forgets every count and keeps the buffers for reuse.</summary>
    public void Clear() => _length = 0;

    /// <summary>An independent copy.</summary>
    public KeyedCounts Clone()
    {
        var copy = new KeyedCounts { _keys = _keys[.._length], _counts = _counts[.._length], _length = _length };
        return copy;
    }
}
