using TSMetrics.Statistics.Sketches;

namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// The one quantile mapping buckets and rollups count by (DDSketch bins at the default 1% relative
/// accuracy), and the way back from counted bins to a sketch that answers quantiles. Every tier, memory
/// and storage use the same bins, so merging buckets of any width is exact.
/// </summary>
public static class QuantileBins
{
    // Only its mapping is used (BinKey reads no state), so one instance serves every thread.
    private static readonly QuantileSketch Mapping = new();

    /// <summary>Default levels when a comparison asks for quantiles without naming them.</summary>
    public static readonly double[] DefaultLevels = [0.5, 0.95, 0.99];

    /// <summary>The relative accuracy every bucket's quantiles have (1%).</summary>
    public static double RelativeAccuracy => Mapping.RelativeAccuracy;

    /// <summary>1 / ln γ of the mapping, for SQL that bins raw journal values alike (tsm.bin_key).</summary>
    public static double LogMultiplier => Mapping.LogMultiplier;

    /// <summary>Magnitudes below this count as zero.</summary>
    public static double MinIndexableValue => Mapping.MinIndexableValue;

    /// <summary>How far bin keys sit from zero (<see cref="QuantileSketch.BinKeyOffset"/>).</summary>
    public static int KeyOffset => QuantileSketch.BinKeyOffset;

    /// <summary>The bin a value is counted in.</summary>
    public static int KeyOf(double value) => Mapping.BinKey(value);

    /// <summary>A sketch of the counted bins; <paramref name="min"/> and <paramref name="max"/> are the exact extremes.</summary>
    public static QuantileSketch ToSketch(KeyedCounts bins, double min, double max)
    {
        var sketch = new QuantileSketch();
        for (var i = 0; i < bins.Length; i++) sketch.AddBin(bins.KeyAt(i), bins.CountAt(i));
        if (sketch.Count > 0) sketch.IncludeRange(min, max);
        return sketch;
    }

    /// <summary>The quantiles at <paramref name="levels"/>, each within the relative accuracy of the exact one.</summary>
    public static double[] Quantiles(KeyedCounts bins, double min, double max, double[] levels)
    {
        var sketch = ToSketch(bins, min, max);
        var result = new double[levels.Length];
        for (var i = 0; i < levels.Length; i++) result[i] = sketch.Quantile(levels[i]);
        return result;
    }
}
