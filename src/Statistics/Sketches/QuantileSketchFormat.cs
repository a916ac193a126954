namespace TSMetrics.Statistics.Sketches;

/// <summary>
/// The byte format of <see cref="QuantileSketch"/>, version 1, little-endian:
/// version byte, flags byte (bit 0/1: positive/negative store folded, bit 2: not empty), α (double), max
/// bins (varint), zero count (varint), min and max (doubles, only when not empty), then the positive and
/// the negative store, each as bin count (varint), and when not 0 its first index (zigzag varint) and one
/// varint count per bin. A 10,000-value latency sketch takes about half a kilobyte.
/// </summary>
internal static class QuantileSketchFormat
{
    public const int MaxBinsLimit = 1 << 16;
    private const byte Version = 1;
    private const string What = "quantile sketch";
    private const long MaxCount = 1L << 53;

    public static byte[] Write(QuantileSketch sketch)
    {
        var size = 2 + 8 + 3 * SketchWriter.MaxVarint + 16 + 2 * (2 * SketchWriter.MaxVarint) + sketch.BinCount * SketchWriter.MaxVarint;
        var writer = new SketchWriter(size <= 1024 ? stackalloc byte[size] : new byte[size]);
        writer.Byte(Version);
        writer.Byte((byte)((sketch.Positive.Collapsed ? 1 : 0) | (sketch.Negative.Collapsed ? 2 : 0) | (sketch.Count > 0 ? 4 : 0)));
        writer.Double(sketch.RelativeAccuracy);
        writer.Varint((ulong)sketch.MaxBins);
        writer.Varint((ulong)sketch.ZeroCount);
        if (sketch.Count > 0)
        {
            writer.Double(sketch.Min);
            writer.Double(sketch.Max);
        }

        WriteStore(ref writer, sketch.Positive);
        WriteStore(ref writer, sketch.Negative);
        return writer.ToArray();
    }

    public static QuantileSketch Read(ReadOnlySpan<byte> bytes)
    {
        var reader = new SketchReader(bytes, What);
        var version = reader.Byte();
        if (version != Version) throw reader.Fail($"version {version} is not {Version}");
        var flags = reader.Byte();
        var accuracy = reader.Double();
        if (!(accuracy >= 1e-6 && accuracy <= 0.5)) throw reader.Fail($"relative accuracy {accuracy} is outside [1e-6, 0.5]");
        var maxBins = (int)reader.Bounded(MaxBinsLimit, "max bins");
        if (maxBins < 16) throw reader.Fail($"max bins {maxBins} is below 16");
        var sketch = new QuantileSketch(accuracy, maxBins);
        var zeros = reader.Bounded(MaxCount, "zero count");
        double min = double.NaN, max = double.NaN;
        var hasValues = (flags & 4) != 0;
        if (flags > 7) throw reader.Fail($"flags {flags} has unknown bits");
        if (hasValues)
        {
            min = reader.Double();
            max = reader.Double();
            if (!(min <= max) || !double.IsFinite(min) || !double.IsFinite(max)) throw reader.Fail($"min {min} and max {max} are not a range");
        }

        var total = zeros;
        ReadStore(ref reader, sketch.Positive, maxBins, (flags & 1) != 0, ref total);
        ReadStore(ref reader, sketch.Negative, maxBins, (flags & 2) != 0, ref total);
        reader.End();
        if (total > 0 != hasValues) throw reader.Fail("its counts and its empty flag disagree");
        sketch.Restore(zeros, min, max);
        return sketch;
    }

    private static void WriteStore(ref SketchWriter writer, BinStore store)
    {
        writer.Varint((ulong)store.BinCount);
        if (store.IsEmpty) return;
        writer.Signed(store.MinIndex);
        for (var i = store.MinIndex; i <= store.MaxIndex; i++) writer.Varint((ulong)store[i]);
    }

    private static void ReadStore(ref SketchReader reader, BinStore store, int maxBins, bool collapsed, ref long total)
    {
        var bins = (int)reader.Bounded(maxBins, "bin count");
        if (bins == 0) return;
        var first = reader.Signed();
        if (first < int.MinValue / 2 || first + bins > int.MaxValue / 2) throw reader.Fail($"bin index {first} is out of range");
        for (var i = 0; i < bins; i++)
        {
            var count = reader.Bounded(MaxCount, "a bin's count");
            total += count;
            if (total > MaxCount) throw reader.Fail($"it counts more than {MaxCount} values");
            store.Add((int)first + i, count);
        }

        if (collapsed) store.MarkCollapsed();
    }
}
