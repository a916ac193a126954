using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>
/// One point as every bucket it lands in takes it, worked out once per point rather than once per ring: a
/// number (with its quantile bin when the series keeps percentiles) or a category.
/// </summary>
public readonly struct BucketInput
{
    private const int None = int.MinValue;

    private BucketInput(double value, int binKey, int categoryId)
    {
        Value = value;
        BinKey = binKey;
        CategoryId = categoryId;
    }

    public double Value { get; }

    /// <summary>The value's quantile bin (<see cref="Statistics.Sketches.QuantileSketch.BinKey"/>), when the series keeps percentiles.</summary>
    public int BinKey { get; }

    /// <summary>The category's id in the series' <see cref="CategoryTable"/>, for a string value.</summary>
    public int CategoryId { get; }

    public bool IsNumber => CategoryId == None;

    public bool HasBin => BinKey != None;

    public bool HasParts => BinKey != None || CategoryId != None;

    public static BucketInput Number(double value) => new(value, None, None);

    public static BucketInput NumberWithBin(double value, int binKey) => new(value, binKey, None);

    public static BucketInput Category(int categoryId) => new(0, None, categoryId);

    /// <summary>
    /// Folds the input into a bucket: numbers into its statistics, bins and categories into its parts, which
    /// it may share as bucket <paramref name="bucket"/> of <paramref name="buckets"/> (<see cref="BucketParts.SharedKey"/>).
    /// </summary>
    public void FoldInto(ref SummaryStats stats, ref BucketParts? parts, int bucket = 0, int buckets = 1)
    {
        if (IsNumber) stats.Add(Value);
        if (!HasParts) return;
        parts ??= new BucketParts();
        if (HasBin) (parts.Bins ??= new KeyedCounts()).Add(BucketParts.SharedKey(BinKey, bucket, buckets));
        else (parts.Categories ??= new KeyedCounts()).Add(BucketParts.SharedKey(CategoryId, bucket, buckets));
    }
}
