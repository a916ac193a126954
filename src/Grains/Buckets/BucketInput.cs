using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>
/// One point as every bucket it lands in takes it, worked out once per point rather than once per ring: a
/// number (with its quantile bin when the series keeps percentiles), a category, or a summary (a
/// pre-aggregated histogram contribution, merged as one), and the hash of its user id
/// (<see cref="Statistics.Sketches.UnitIdHash"/>) when it has one.
/// </summary>
public readonly struct BucketInput
{
    private const int None = int.MinValue;

    private readonly PointSummary? _summary;
    private readonly bool _summaryBins;

    private BucketInput(double value, int binKey, int categoryId, ulong unitHash = 0, bool hasUnit = false, PointSummary? summary = null, bool summaryBins = false)
    {
        Value = value;
        BinKey = binKey;
        CategoryId = categoryId;
        UnitHash = unitHash;
        HasUnit = hasUnit;
        _summary = summary;
        _summaryBins = summaryBins;
    }

    public double Value { get; }

    /// <summary>The value's quantile bin (<see cref="Statistics.Sketches.QuantileSketch.BinKey"/>), when the series keeps percentiles.</summary>
    public int BinKey { get; }

    /// <summary>The category's id in the series' <see cref="CategoryTable"/>, for a string value.</summary>
    public int CategoryId { get; }

    /// <summary>The hash of the point's user id, when <see cref="HasUnit"/>.</summary>
    public ulong UnitHash { get; }

    public bool HasUnit { get; }

    public bool IsNumber => CategoryId == None && _summary is null;

    public bool HasBin => BinKey != None;

    /// <summary>
    /// Whether folding it is more than adding one value to the statistics (bins, a category or a summary),
    /// so a bucket takes the <see cref="FoldInto"/> path; users are kept by pending buckets only.
    /// </summary>
    public bool HasParts => BinKey != None || CategoryId != None || _summary is not null;

    public static BucketInput Number(double value) => new(value, None, None);

    public static BucketInput NumberWithBin(double value, int binKey) => new(value, binKey, None);

    public static BucketInput Category(int categoryId) => new(0, None, categoryId);

    /// <summary>A summary of values whose sum is <paramref name="sum"/>, with its bins when <paramref name="withBins"/>.</summary>
    public static BucketInput Summary(double sum, PointSummary summary, bool withBins) => new(sum, None, None, summary: summary, summaryBins: withBins);

    /// <summary>The same input from a user whose id hashes to <paramref name="unitHash"/>.</summary>
    public BucketInput WithUnit(ulong unitHash) => new(Value, BinKey, CategoryId, unitHash, hasUnit: true, _summary, _summaryBins);

    /// <summary>
    /// Folds the input into a bucket: numbers into its statistics, bins and categories into its parts, which
    /// it may share as bucket <paramref name="bucket"/> of <paramref name="buckets"/> (<see cref="BucketParts.SharedKey"/>).
    /// </summary>
    public void FoldInto(ref SummaryStats stats, ref BucketParts? parts, int bucket = 0, int buckets = 1)
    {
        if (_summary is { } summary)
        {
            // One merge of the whole contribution (Chan's formula), its bins added count by count.
            stats.Merge(summary.StatsWith(Value));
            if (!_summaryBins || summary.BinKeys.Length == 0) return;
            var bins = (parts ??= new BucketParts()).Bins ??= new KeyedCounts();
            for (var i = 0; i < summary.BinKeys.Length; i++) bins.Add(BucketParts.SharedKey(summary.BinKeys[i], bucket, buckets), summary.BinCounts[i]);
            return;
        }

        if (IsNumber) stats.Add(Value);
        if (!HasParts) return;
        parts ??= new BucketParts();
        if (HasBin) (parts.Bins ??= new KeyedCounts()).Add(BucketParts.SharedKey(BinKey, bucket, buckets));
        else (parts.Categories ??= new KeyedCounts()).Add(BucketParts.SharedKey(CategoryId, bucket, buckets));
    }

    /// <summary>Folds the input into a pending (not yet flushed) bucket: as a live one, and its user into the bucket's users.</summary>
    public void FoldPendingInto(ref SummaryStats stats, ref BucketParts? parts)
    {
        FoldInto(ref stats, ref parts);
        if (!HasUnit) return;
        parts ??= new BucketParts();
        (parts.Users ??= BucketUsers.NewSketch()).Add(UnitHash);
    }
}
