namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// Counts per integer key, sorted by key and sparse: what a bucket counts beyond its numbers (values per
/// quantile bin, points per category). Merging adds counts key by key, so any union of buckets is exact.
/// Adding to a key already present allocates nothing. Not thread-safe.
/// </summary>
/// <remarks>
/// One array of (key, count) pairs, sized to the keys present (doubling from one): most buckets of a
/// percentile series hold a single bin, and a ring holds hundreds of them, so the per-bucket overhead of a
/// second array and of spare room is what its memory is made of.
/// </remarks>
[GenerateSerializer, Alias("TSMetrics.KeyedCounts")]
public sealed class KeyedCounts
{
    // Pair i: key at 2i, count at 2i + 1.
    [Id(0)] private long[] _pairs = [];
    [Id(1)] private int _length;

    /// <summary>Keys with a count.</summary>
    public int Length => _length;

    /// <summary>Keys the buffers have room for before they grow.</summary>
    public int Capacity => _pairs.Length / 2;

    /// <summary>Whether no key has a count.</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>The key at a position in key order.</summary>
    public int KeyAt(int position) => (int)_pairs[2 * position];

    /// <summary>The count at a position in key order.</summary>
    public long CountAt(int position) => _pairs[2 * position + 1];

    /// <summary>The sum of all counts.</summary>
    public long Total()
    {
        long total = 0;
        for (var i = 0; i < _length; i++) total += _pairs[2 * i + 1];
        return total;
    }

    /// <summary>The count of a key, 0 when absent.</summary>
    public long this[int key]
    {
        get
        {
            var at = Find(key);
            return at >= 0 ? _pairs[2 * at + 1] : 0;
        }
    }

    /// <summary>Adds to a key's count.</summary>
    public void Add(int key, long count = 1)
    {
        if (count == 0) return;
        var at = Find(key);
        if (at >= 0)
        {
            _pairs[2 * at + 1] += count;
            return;
        }

        at = ~at;
        if (2 * _length == _pairs.Length) Array.Resize(ref _pairs, Math.Max(2, 4 * _length));
        Array.Copy(_pairs, 2 * at, _pairs, 2 * at + 2, 2 * (_length - at));
        _pairs[2 * at] = key;
        _pairs[2 * at + 1] = count;
        _length++;
    }

    /// <summary>Adds every count of <paramref name="other"/>.</summary>
    public void Merge(KeyedCounts other)
    {
        for (var i = 0; i < other._length; i++) Add((int)other._pairs[2 * i], other._pairs[2 * i + 1]);
    }

    /// <summary>Forgets every count and keeps the buffer for reuse.</summary>
    public void Clear() => _length = 0;

    /// <summary>An independent copy.</summary>
    public KeyedCounts Clone() => new() { _pairs = _pairs[..(2 * _length)], _length = _length };

    // Binary search over the pairs' keys: the position, or the complement of where the key belongs.
    private int Find(int key)
    {
        int low = 0, high = _length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var found = _pairs[2 * middle];
            if (found == key) return middle;
            if (found < key) low = middle + 1;
            else high = middle - 1;
        }

        return ~low;
    }
}
