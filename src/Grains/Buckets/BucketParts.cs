using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics.Sketches;

namespace TSMetrics.Grains.Buckets;

/// <summary>
/// What a bucket holds beyond count, sum, M2, min and max, each part a <see cref="KeyedCounts"/> that merges
/// by adding: values per quantile bin (series that keep percentiles) and points per category (string values);
/// and, in pending buckets only, the distinct users as a sketch that merges by union. Allocated only for
/// buckets that need it, so a plain numeric series carries none.
/// </summary>
/// <remarks>
/// The buckets of a ring's chunk share one: bucket b of n counts key k as <c>k * n + b</c> (<see cref="SharedKey"/>),
/// which keeps key order and so every kind's counts sorted. Most buckets of a percentile series hold a bin or
/// two, so objects per bucket would weigh more than the counts they hold. A bucket of its own is bucket 0 of 1.
/// Keys are within ±2^25 (bins, <see cref="Statistics.Sketches.QuantileSketch.BinKeyOffset"/>; category ids), so n up to 32 fits an int.
/// </remarks>
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

    /// <summary>The key under which bucket <paramref name="bucket"/> of <paramref name="buckets"/> sharing parts counts <paramref name="key"/>.</summary>
    public static int SharedKey(int key, int bucket, int buckets) => key * buckets + bucket;

    /// <summary>Adds a bucket's own parts as bucket <paramref name="bucket"/> of the <paramref name="buckets"/> sharing these.</summary>
    public void Merge(BucketParts? other, int bucket = 0, int buckets = 1)
    {
        if (other is null) return;
        AddShared(ref Bins, other.Bins, bucket, buckets);
        AddShared(ref Categories, other.Categories, bucket, buckets);
        if (other.Users is not null) (Users ??= BucketUsers.NewSketch()).Merge(other.Users);
    }

    /// <summary>Adds bucket <paramref name="bucket"/> of parts that <paramref name="buckets"/> share into these (a bucket's own).</summary>
    public void MergeBucket(BucketParts shared, int bucket, int buckets)
    {
        AddBucket(ref Bins, shared.Bins, bucket, buckets);
        AddBucket(ref Categories, shared.Categories, bucket, buckets);
    }

    /// <summary>Forgets every count, keeping buffers for reuse when a ring recycles the bucket.</summary>
    public void Clear()
    {
        Bins?.Clear();
        Categories?.Clear();
        Users = null;
    }

    private static void AddShared(ref KeyedCounts? into, KeyedCounts? from, int bucket, int buckets)
    {
        if (from is null) return;
        for (var i = 0; i < from.Length; i++) (into ??= new KeyedCounts()).Add(SharedKey(from.KeyAt(i), bucket, buckets), from.CountAt(i));
    }

    private static void AddBucket(ref KeyedCounts? into, KeyedCounts? shared, int bucket, int buckets)
    {
        if (shared is null) return;
        for (var i = 0; i < shared.Length; i++)
        {
            var key = shared.KeyAt(i);
            var of = (key % buckets + buckets) % buckets;
            if (of == bucket) (into ??= new KeyedCounts()).Add((key - of) / buckets, shared.CountAt(i));
        }
    }
}
