namespace TSMetrics.Benchmarks.Suite;

/// <summary>
/// 30 days of raw points of one (test, metric) with variants A and B: a fixed number per minute and variant,
/// evenly spaced, log-normal latencies (B 5% higher). Deterministic, so both sides get exactly the same points.
/// </summary>
public sealed class HistoryData(long startMicros, int days, int pointsPerMinute)
{
    public const long MinuteMicros = 60_000_000L;
    public static readonly string[] Variants = ["A", "B"];

    public long StartMicros { get; } = startMicros;

    public long EndMicros { get; } = startMicros + days * 1_440L * MinuteMicros;

    public long Count => (EndMicros - StartMicros) / MinuteMicros * Variants.Length * pointsPerMinute;

    /// <summary>Every point: (variant index, time in microseconds, value), minute by minute.</summary>
    public IEnumerable<(int Variant, long Micros, double Value)> Points()
    {
        var random = new Random(30);
        for (var minute = StartMicros; minute < EndMicros; minute += MinuteMicros)
            for (var variant = 0; variant < Variants.Length; variant++)
                for (var i = 0; i < pointsPerMinute; i++)
                {
                    var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    var value = Math.Round(Math.Exp(4.6 + 0.5 * normal) * (variant == 1 ? 1.05 : 1), 3);
                    yield return (variant, minute + (2 * i + 1) * MinuteMicros / (2 * pointsPerMinute), value);
                }
    }
}
