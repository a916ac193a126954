using TSMetrics.Statistics.Sketches;

namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// The one shape of the distinct-user sketches buckets count users by: in the grains' pending buckets, in
/// the rollups' <c>users</c> column, and in history reads that union them. Exact up to
/// <see cref="ExactThreshold"/> distinct users, HyperLogLog of precision <see cref="Precision"/> beyond:
/// a standard error of 1.04/√4096 = 1.63% (so within ±4.9% in 997 answers of 1,000), 4 KiB of registers.
/// Every sketch that is merged with another must come from here: merging needs equal precision.
/// </summary>
public static class BucketUsers
{
    /// <summary>log2 of the registers: 12, 4 KiB a bucket once a bucket has more users than the threshold.</summary>
    public const int Precision = 12;

    /// <summary>Distinct users counted exactly: about as many stored bytes as the registers, a few KiB in memory.</summary>
    public const int ExactThreshold = 256;

    /// <summary>Relative standard error of a count beyond <see cref="ExactThreshold"/>.</summary>
    public static double StandardError => 1.04 / Math.Sqrt(1 << Precision);

    /// <summary>An empty sketch of the bucket shape.</summary>
    public static DistinctCountSketch NewSketch() => new(Precision, ExactThreshold);

    /// <summary>The distinct users a sketch counts, rounded to a whole user.</summary>
    public static long Count(DistinctCountSketch sketch) => (long)Math.Round(sketch.Estimate());
}
