using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>
/// What a bucket holds beyond count, sum, M2, min and max, each part a <see cref="KeyedCounts"/> that merges
/// by adding: values per quantile bin (series that keep percentiles) and points per category (string values).
/// Allocated only for buckets that need it, so a plain numeric series carries none. A new kind of part
/// (distinct users, say) is one more field here, one more rollup column and its keying in <see cref="BucketInput"/>.
/// </summary>
public sealed class BucketParts
{
    /// <summary>Values per quantile bin (keys from <see cref="Statistics.Sketches.QuantileSketch.BinKey"/>).</summary>
    public KeyedCounts? Bins;

    /// <summary>Points per category id of the series' <see cref="CategoryTable"/>.</summary>
    public KeyedCounts? Categories;

    public bool IsEmpty => (Bins is null || Bins.IsEmpty) && (Categories is null || Categories.IsEmpty);

    public void Merge(BucketParts? other)
    {
        if (other is null) return;
        if (other.Bins is { IsEmpty: false }) (Bins ??= new KeyedCounts()).Merge(other.Bins);
        if (other.Categories is { IsEmpty: false }) (Categories ??= new KeyedCounts()).Merge(other.Categories);
    }

    /// <summary>Forgets every count, keeping buffers for reuse when a ring recycles the bucket.</summary>
    public void Clear()
    {
        Bins?.Clear();
        Categories?.Clear();
    }
}
