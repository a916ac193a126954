namespace TSMetrics.Statistics.Sketches;

/// <summary>
/// A DDSketch-style quantile sketch (Masson, Rim and Lee, VLDB 2019): every quantile it returns is within a
/// relative accuracy α of the exact one (default 1%). A value x lands in bin ⌈log_γ |x|⌉ with
/// γ = (1 + α)/(1 − α), in one store for positive and one for negative values, with a count of zeros
/// aside. Counts are integers, so merging two sketches of the same α is exact: bin for bin the sketch of
/// the union. Not thread-safe.
/// </summary>
/// <remarks>
/// Bins are bounded: each store keeps at most <see cref="MaxBins"/> contiguous bins and folds its lowest
/// (smallest magnitudes) into the lowest kept one beyond that. With α = 1% the default 2048 bins span a
/// factor of about 10^17 between the smallest and largest magnitude, so latencies never fold; when values
/// do, only the smallest magnitudes lose their guarantee (they read as larger) and <see cref="IsCollapsed"/>
/// says so. Magnitudes below <see cref="MinIndexableValue"/> count as zero.
/// </remarks>
public sealed class QuantileSketch
{
    /// <summary>The default relative accuracy: 1%.</summary>
    public const double DefaultRelativeAccuracy = 0.01;

    /// <summary>The default bound on bins per store.</summary>
    public const int DefaultMaxBins = 2048;

    private readonly BinStore _positive;
    private readonly BinStore _negative;
    private readonly double _gamma;
    private readonly double _multiplier;

    /// <param name="relativeAccuracy">α in [1e-6, 0.5]: each quantile is within α·|exact| of the exact one.</param>
    /// <param name="maxBins">Bins kept per store, at least 16.</param>
    public QuantileSketch(double relativeAccuracy = DefaultRelativeAccuracy, int maxBins = DefaultMaxBins)
    {
        if (!(relativeAccuracy >= 1e-6 && relativeAccuracy <= 0.5)) throw new ArgumentOutOfRangeException(nameof(relativeAccuracy), relativeAccuracy, "must be in [1e-6, 0.5]");
        if (maxBins is < 16 or > QuantileSketchFormat.MaxBinsLimit) throw new ArgumentOutOfRangeException(nameof(maxBins), maxBins, $"must be in [16, {QuantileSketchFormat.MaxBinsLimit}]");
        RelativeAccuracy = relativeAccuracy;
        MaxBins = maxBins;
        _gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
        _multiplier = 1 / Math.Log(_gamma);
        MinIndexableValue = 2.2250738585072014E-308 * _gamma; // the smallest normal double, one bin up
        _positive = new BinStore(maxBins);
        _negative = new BinStore(maxBins);
    }

    public double RelativeAccuracy { get; }

    public int MaxBins { get; }

    /// <summary>Smallest magnitude given a bin of its own; smaller ones count as zero.</summary>
    public double MinIndexableValue { get; }

    /// <summary>1 / ln γ: a magnitude's bin index is ⌈ln|x| · this⌉ (for code outside .NET that bins alike, such as SQL).</summary>
    public double LogMultiplier => _multiplier;

    public long Count => ZeroCount + _positive.Total + _negative.Total;

    /// <summary>Smallest value added (exact); NaN when empty.</summary>
    public double Min { get; private set; } = double.NaN;

    /// <summary>Largest value added (exact); NaN when empty.</summary>
    public double Max { get; private set; } = double.NaN;

    /// <summary>True when bins were folded to respect <see cref="MaxBins"/>: the smallest magnitudes lost their guarantee.</summary>
    public bool IsCollapsed => _positive.Collapsed || _negative.Collapsed;

    /// <summary>Bins in use, both stores (the serialized size grows with it).</summary>
    public int BinCount => _positive.BinCount + _negative.BinCount;

    internal long ZeroCount { get; private set; }

    internal BinStore Positive => _positive;

    internal BinStore Negative => _negative;

    /// <summary>Adds one value; throws on NaN or infinity. No allocation once the value range has been seen.</summary>
    public void Add(double value) => Add(value, 1);

    /// <summary>Adds a value <paramref name="count"/> times.</summary>
    public void Add(double value, long count)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "must be a finite number");
        if (count <= 0) return;
        if (value > MinIndexableValue) _positive.Add(Index(value), count);
        else if (value < -MinIndexableValue) _negative.Add(Index(-value), count);
        else ZeroCount += count;
        if (!(value >= Min)) Min = value;
        if (!(value <= Max)) Max = value;
    }

    /// <summary>Adds every value of another sketch with the same accuracy: the result is the sketch of the union.</summary>
    public void Merge(QuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.RelativeAccuracy != RelativeAccuracy) throw new ArgumentException($"relative accuracies differ ({other.RelativeAccuracy} vs {RelativeAccuracy})", nameof(other));
        if (other.Count == 0) return;
        _positive.Merge(other._positive);
        _negative.Merge(other._negative);
        ZeroCount += other.ZeroCount;
        if (!(other.Min >= Min)) Min = other.Min;
        if (!(other.Max <= Max)) Max = other.Max;
    }

    /// <summary>
    /// The q-quantile, q in [0, 1]: within α of the exact value of rank ⌊q(n − 1)⌋ (0-based) of the sorted
    /// values; q = 0 and q = 1 give the exact min and max. NaN when empty.
    /// </summary>
    public double Quantile(double q)
    {
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "must be in [0, 1]");
        var count = Count;
        if (count == 0) return double.NaN;
        if (q == 0) return Min;
        if (q == 1) return Max;
        var rank = Math.Floor(q * (count - 1));
        return Math.Clamp(ValueAtRank(rank), Min, Max);
    }

    /// <summary>A deep copy, independent of this sketch.</summary>
    public QuantileSketch Clone()
    {
        var copy = new QuantileSketch(RelativeAccuracy, MaxBins) { ZeroCount = ZeroCount, Min = Min, Max = Max };
        copy._positive.CopyFrom(_positive);
        copy._negative.CopyFrom(_negative);
        return copy;
    }

    /// <summary>Compact bytes (varint counts over each store's bin range): equal sketches give equal bytes.</summary>
    public byte[] ToBytes() => QuantileSketchFormat.Write(this);

    /// <summary>Reads bytes written by <see cref="ToBytes"/>; throws <see cref="FormatException"/> on anything else.</summary>
    public static QuantileSketch FromBytes(ReadOnlySpan<byte> bytes) => QuantileSketchFormat.Read(bytes);

    internal void Restore(long zeroCount, double min, double max) => (ZeroCount, Min, Max) = (zeroCount, min, max);

    /// <summary>
    /// The bin of a value as one signed key that sorts like the values: 0 for zero, positive bins above
    /// <see cref="BinKeyOffset"/>, negative ones below its negation. Buckets and rollups count by it.
    /// </summary>
    public int BinKey(double value)
    {
        if (value > MinIndexableValue) return BinKeyOffset + Index(value);
        if (value < -MinIndexableValue) return -(BinKeyOffset + Index(-value));
        return 0;
    }

    /// <summary>Adds <paramref name="count"/> values of the bin <paramref name="key"/> (from <see cref="BinKey"/>) without knowing them.</summary>
    public void AddBin(int key, long count)
    {
        if (count <= 0) return;
        if (key > 0) _positive.Add(key - BinKeyOffset, count);
        else if (key < 0) _negative.Add(-key - BinKeyOffset, count);
        else ZeroCount += count;
    }

    /// <summary>Sets the exact extremes of values added through <see cref="AddBin"/> (bins alone do not know them).</summary>
    public void IncludeRange(double min, double max)
    {
        if (!(min >= Min)) Min = min;
        if (!(max <= Max)) Max = max;
    }

    /// <summary>Keys of bins sit this far from zero: every finite double's bin index stays below it in magnitude for α ≥ 1e-4 (about 36,000 at 1%).</summary>
    public const int BinKeyOffset = 1 << 24;

    private int Index(double magnitude) => (int)Math.Ceiling(Math.Log(magnitude) * _multiplier);

    // The bin (γ^(i−1), γ^i] is read as 2γ^i/(γ + 1): within α of every value in it.
    private double Value(int index) => 2 * Math.Pow(_gamma, index) / (_gamma + 1);

    private double ValueAtRank(double rank)
    {
        double seen = 0;
        if (!_negative.IsEmpty)
            for (var i = _negative.MaxIndex; i >= _negative.MinIndex; i--)
                if ((seen += _negative[i]) > rank) return -Value(i);
        if ((seen += ZeroCount) > rank) return 0;
        for (var i = _positive.MinIndex; i <= _positive.MaxIndex; i++)
            if ((seen += _positive[i]) > rank) return Value(i);
        return Max;
    }
}
