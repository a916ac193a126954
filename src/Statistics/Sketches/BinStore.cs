namespace TSMetrics.Statistics.Sketches;

/// <summary>
/// Dense counts per bin index over a contiguous range, at most <c>maxBins</c> wide: when a new index would
/// widen the range past that, the lowest bins are folded into the lowest kept one. Allocates only when the
/// range outgrows the array, so a sketch whose values stay in their usual range adds without allocating.
/// </summary>
internal sealed class BinStore(int maxBins)
{
    private long[] _counts = [];
    private int _offset;

    public int MinIndex { get; private set; }

    public int MaxIndex { get; private set; }

    public long Total { get; private set; }

    public bool IsEmpty => Total == 0;

    /// <summary>True once bins were folded together: values in the lowest bin lost their accuracy guarantee.</summary>
    public bool Collapsed { get; private set; }

    public int BinCount => IsEmpty ? 0 : MaxIndex - MinIndex + 1;

    public long this[int index] => index < MinIndex || index > MaxIndex || IsEmpty ? 0 : _counts[index - _offset];

    public void Add(int index, long count)
    {
        if (count <= 0) return;
        if (IsEmpty)
        {
            if (_counts.Length == 0) _counts = new long[Math.Min(maxBins, 128)];
            Array.Clear(_counts);
            _offset = index - _counts.Length / 2;
            MinIndex = MaxIndex = index;
        }
        else if (index < MinIndex || index > MaxIndex)
        {
            index = Extend(index);
        }

        _counts[index - _offset] += count;
        Total += count;
    }

    public void Merge(BinStore other)
    {
        if (other.IsEmpty) return;
        for (var i = other.MaxIndex; i >= other.MinIndex; i--) Add(i, other[i]);
        Collapsed |= other.Collapsed;
    }

    public void CopyFrom(BinStore other)
    {
        _counts = (long[])other._counts.Clone();
        (_offset, MinIndex, MaxIndex, Total, Collapsed) = (other._offset, other.MinIndex, other.MaxIndex, other.Total, other.Collapsed);
    }

    internal void MarkCollapsed() => Collapsed = true;

    // Widens the live range to take index, folding the lowest bins when it would pass maxBins; returns the
    // index to count at (a folded index counts in the lowest kept bin).
    private int Extend(int index)
    {
        int newMin = Math.Min(index, MinIndex), newMax = Math.Max(index, MaxIndex);
        long folded = 0;
        if ((long)newMax - newMin + 1 > maxBins)
        {
            newMin = newMax - maxBins + 1;
            Collapsed = true;
            for (var i = MinIndex; i < newMin && i <= MaxIndex; i++)
            {
                folded += _counts[i - _offset];
                _counts[i - _offset] = 0;
            }
        }

        int liveMin = Math.Max(MinIndex, newMin), liveMax = MaxIndex;
        if (newMin < _offset || newMax >= _offset + _counts.Length) Relocate(newMin, newMax, liveMin, liveMax);
        MinIndex = newMin;
        MaxIndex = newMax;
        _counts[newMin - _offset] += folded;
        return Math.Max(index, newMin);
    }

    // Moves the live bins so the array covers [newMin, newMax], in place when it is long enough.
    private void Relocate(int newMin, int newMax, int liveMin, int liveMax)
    {
        var range = newMax - newMin + 1;
        var target = range <= _counts.Length ? _counts : new long[Math.Min(maxBins, Math.Max(range + range / 2, _counts.Length * 2))];
        var newOffset = newMin - (target.Length - range) / 2;
        if (liveMin <= liveMax)
            Array.Copy(_counts, liveMin - _offset, target, liveMin - newOffset, liveMax - liveMin + 1);
        if (ReferenceEquals(target, _counts))
        {
            // Clear what the copy left behind outside the moved block.
            var moved = liveMin - newOffset;
            var length = liveMax - liveMin + 1;
            var oldStart = liveMin - _offset;
            for (var i = oldStart; i < oldStart + length; i++)
                if (i < moved || i >= moved + length) target[i] = 0;
        }

        _counts = target;
        _offset = newOffset;
    }
}
