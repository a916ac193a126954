namespace TSMetrics.Statistics.Sketches;

/// <summary>
/// The byte format of <see cref="DistinctCountSketch"/>, version 1: version byte, mode byte (0 exact,
/// 1 registers), precision byte, exact threshold (varint), then either the number of hashes (varint) and
/// the ascending hashes as varint gaps from the previous one, or the 2^precision register bytes.
/// </summary>
internal static class DistinctCountSketchFormat
{
    private const byte Version = 1;
    private const string What = "distinct-count sketch";

    public static byte[] Write(DistinctCountSketch sketch)
    {
        var hashes = sketch.ExactHashes;
        var size = 3 + 2 * SketchWriter.MaxVarint + (hashes is null ? 1 << sketch.Precision : hashes.Count * SketchWriter.MaxVarint);
        var writer = new SketchWriter(new byte[size]);
        writer.Byte(Version);
        writer.Byte(hashes is null ? (byte)1 : (byte)0);
        writer.Byte((byte)sketch.Precision);
        writer.Varint((ulong)sketch.ExactThreshold);
        if (hashes is null)
        {
            foreach (var register in sketch.Registers!) writer.Byte(register);
            return writer.ToArray();
        }

        var sorted = hashes.ToArray();
        Array.Sort(sorted);
        writer.Varint((ulong)sorted.Length);
        ulong previous = 0;
        foreach (var hash in sorted)
        {
            writer.Varint(hash - previous);
            previous = hash;
        }

        return writer.ToArray();
    }

    public static DistinctCountSketch Read(ReadOnlySpan<byte> bytes)
    {
        var reader = new SketchReader(bytes, What);
        var version = reader.Byte();
        if (version != Version) throw reader.Fail($"version {version} is not {Version}");
        var mode = reader.Byte();
        if (mode > 1) throw reader.Fail($"mode {mode} is neither 0 (exact) nor 1 (registers)");
        var precision = reader.Byte();
        if (precision is < 4 or > 18) throw reader.Fail($"precision {precision} is outside [4, 18]");
        var threshold = (int)reader.Bounded(1_000_000, "exact threshold");
        var sketch = new DistinctCountSketch(precision, threshold);
        if (mode == 1)
        {
            var registers = new byte[1 << precision];
            for (var i = 0; i < registers.Length; i++)
                if ((registers[i] = reader.Byte()) > 64 - precision + 1) throw reader.Fail($"register {i} holds {registers[i]}");
            reader.End();
            sketch.RestoreRegisters(registers);
            return sketch;
        }

        var count = reader.Bounded(threshold, "hash count");
        ulong hash = 0;
        for (var i = 0; i < count; i++)
        {
            var gap = reader.Varint();
            if (i > 0 && gap == 0 || gap > ulong.MaxValue - hash) throw reader.Fail("its hashes are not strictly ascending");
            hash += gap;
            sketch.Add(hash);
        }

        reader.End();
        return sketch;
    }
}
