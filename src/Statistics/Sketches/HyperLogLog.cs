using System.Numerics;

namespace TSMetrics.Statistics.Sketches;

/// <summary>
/// HyperLogLog registers (Flajolet et al. 2007) over 64-bit hashes, with Ertl's improved estimator
/// ("New cardinality estimation algorithms for HyperLogLog sketches", 2017), which needs no bias tables
/// and no switch to linear counting. Standard error ≈ 1.04/√m with m = 2^precision registers.
/// </summary>
internal sealed class HyperLogLog
{
    private readonly int _precision;

    public HyperLogLog(int precision, byte[]? registers = null)
    {
        _precision = precision;
        Registers = registers ?? new byte[1 << precision];
    }

    public byte[] Registers { get; }

    /// <summary>Largest register value: 64 − p leading zeros plus one.</summary>
    public int MaxRank => 64 - _precision + 1;

    public void Add(ulong hash)
    {
        var index = (int)(hash >> (64 - _precision));
        var rest = hash << _precision;
        var rank = (byte)(rest == 0 ? MaxRank : BitOperations.LeadingZeroCount(rest) + 1);
        if (rank > Registers[index]) Registers[index] = rank;
    }

    public void Merge(HyperLogLog other)
    {
        for (var i = 0; i < Registers.Length; i++)
            if (other.Registers[i] > Registers[i]) Registers[i] = other.Registers[i];
    }

    public double Estimate()
    {
        var q = 64 - _precision;
        Span<int> histogram = stackalloc int[q + 2];
        foreach (var register in Registers) histogram[register]++;
        double m = Registers.Length;
        var z = m * Tau(1 - histogram[q + 1] / m);
        for (var k = q; k >= 1; k--) z = 0.5 * (z + histogram[k]);
        z += m * Sigma(histogram[0] / m);
        return m * m / (2 * Math.Log(2) * z);
    }

    private static double Sigma(double x)
    {
        if (x == 1) return double.PositiveInfinity;
        double y = 1, z = x, previous;
        do
        {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        }
        while (z != previous);
        return z;
    }

    private static double Tau(double x)
    {
        if (x == 0 || x == 1) return 0;
        double y = 1, z = 1 - x, previous;
        do
        {
            x = Math.Sqrt(x);
            previous = z;
            y *= 0.5;
            z -= (1 - x) * (1 - x) * y;
        }
        while (z != previous);
        return z / 3;
    }
}
