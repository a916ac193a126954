namespace TSMetrics.Statistics.Sketches;

/// <summary>
/// Counts distinct units (users): the exact set of their 64-bit hashes (<see cref="UnitIdHash"/>) while it
/// holds at most <see cref="ExactThreshold"/>, HyperLogLog registers beyond, with a standard error of
/// 1.04/√(2^precision): 0.81% at the default precision 14 (16 KiB of registers), 1.63% at 12 (4 KiB).
/// Merging is a union: a unit in both sketches counts once. Not thread-safe.
/// </summary>
public sealed class DistinctCountSketch
{
    /// <summary>Default precision: 2^14 registers, standard error 0.81%.</summary>
    public const int DefaultPrecision = 14;

    /// <summary>Default exact threshold: 2048 hashes, as many bytes as the registers of precision 14.</summary>
    public const int DefaultExactThreshold = 2048;

    private HashSet<ulong>? _exact = [];
    private HyperLogLog? _registers;

    /// <param name="precision">log2 of the registers, in [4, 18].</param>
    /// <param name="exactThreshold">Distinct hashes kept exactly before switching to registers, in [0, 1,000,000].</param>
    public DistinctCountSketch(int precision = DefaultPrecision, int exactThreshold = DefaultExactThreshold)
    {
        if (precision is < 4 or > 18) throw new ArgumentOutOfRangeException(nameof(precision), precision, "must be in [4, 18]");
        if (exactThreshold is < 0 or > 1_000_000) throw new ArgumentOutOfRangeException(nameof(exactThreshold), exactThreshold, "must be in [0, 1000000]");
        Precision = precision;
        ExactThreshold = exactThreshold;
    }

    public int Precision { get; }

    public int ExactThreshold { get; }

    /// <summary>True while the count is exact.</summary>
    public bool IsExact => _exact is not null;

    /// <summary>Relative standard error of <see cref="Estimate"/>: 0 while exact, 1.04/√m after.</summary>
    public double StandardError => IsExact ? 0 : 1.04 / Math.Sqrt(1 << Precision);

    internal IReadOnlyCollection<ulong>? ExactHashes => _exact;

    internal byte[]? Registers => _registers?.Registers;

    /// <summary>Adds a unit id (hashed with <see cref="UnitIdHash"/>); no allocation once in registers.</summary>
    public void Add(ReadOnlySpan<char> unitId) => Add(UnitIdHash.Of(unitId));

    /// <summary>Adds a unit by its 64-bit hash.</summary>
    public void Add(ulong hash)
    {
        if (_registers is not null)
        {
            _registers.Add(hash);
            return;
        }

        if (_exact!.Add(hash) && _exact.Count > ExactThreshold) SwitchToRegisters();
    }

    /// <summary>Distinct units: exact while <see cref="IsExact"/>, else the HyperLogLog estimate.</summary>
    public double Estimate() => _exact?.Count ?? _registers!.Estimate();

    /// <summary>Adds every unit of another sketch of the same precision: the count of the union.</summary>
    public void Merge(DistinctCountSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Precision != Precision) throw new ArgumentException($"precisions differ ({other.Precision} vs {Precision})", nameof(other));
        if (other._exact is { } hashes)
        {
            foreach (var hash in hashes) Add(hash);
            return;
        }

        if (_registers is null) SwitchToRegisters();
        _registers!.Merge(other._registers!);
    }

    /// <summary>A deep copy, independent of this sketch.</summary>
    public DistinctCountSketch Clone()
    {
        var copy = new DistinctCountSketch(Precision, ExactThreshold);
        copy.Merge(this);
        return copy;
    }

    /// <summary>Compact bytes: the sorted hashes as delta varints while exact, the registers after.</summary>
    public byte[] ToBytes() => DistinctCountSketchFormat.Write(this);

    /// <summary>Reads bytes written by <see cref="ToBytes"/>; throws <see cref="FormatException"/> on anything else.</summary>
    public static DistinctCountSketch FromBytes(ReadOnlySpan<byte> bytes) => DistinctCountSketchFormat.Read(bytes);

    internal void RestoreRegisters(byte[] registers)
    {
        _exact = null;
        _registers = new HyperLogLog(Precision, registers);
    }

    private void SwitchToRegisters()
    {
        _registers = new HyperLogLog(Precision);
        foreach (var hash in _exact!) _registers.Add(hash);
        _exact = null;
    }
}
