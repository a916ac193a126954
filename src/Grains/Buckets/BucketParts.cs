using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics.Sketches;

namespace TSMetrics.Grains.Buckets;

/// <summary>
/// What a bucket holds beyond count, sum, M2, min and max, each part a <see cref="KeyedCounts"/> that merges
/// by adding: values per quantile bin (series that keep percentiles) and points per category (string values);
/// and, in pending buckets only, the distinct users as a sketch that merges by union. Allocated only for
/// buckets that need it, so a plain numeric series carries none.
/// </summary>
public sealed class BucketParts
{
    /// <summary>Values per quantile bin (keys from <see cref="Statistics.Sketches.QuantileSketch.BinKey"/>).</summary>
    public KeyedCounts? Bins;

    /// <summary>Points per category id of the series' <see cref="CategoryTable"/>.</summary>
    public KeyedCounts? Categories;

    /// <summary>
    /// Distinct users (<see cref="BucketUsers"/>), kept by pending buckets only: live ring buckets keep none,
    /// since a busy series' rings would hold megabytes of sketches; answers read users from storage.
    /// </summary>
    public DistinctCountSketch? Users;

    public bool IsEmpty => (Bins is null || Bins.IsEmpty) && (Categories is null || Categories.IsEmpty) && Users is null;

    public void Merge(BucketParts? other)
    {
        if (other is null) return;
        if (other.Bins is { IsEmpty: false }) (Bins ??= new KeyedCounts()).Merge(other.Bins);
        if (other.Categories is { IsEmpty: false }) (Categories ??= new KeyedCounts()).Merge(other.Categories);
        if (other.Users is not null) (Users ??= BucketUsers.NewSketch()).Merge(other.Users);
    }

    /// <summary>Forgets every count, keeping buffers for reuse when a ring recycles the bucket.</summary>
    public void Clear()
    {
        Bins?.Clear();
        Categories?.Clear();
        Users = null;
    }
}
