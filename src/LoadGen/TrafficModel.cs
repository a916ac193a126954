namespace TSMetrics.LoadGen;

/// <summary>
/// The ground truth of generated A/B traffic: tests x metrics x variants, named predictably, with values
/// drawn from distributions whose mean in an effect variant is exactly (1 + effect) times the control's.
/// Even metrics are latencies (log-normal, median 100 ms); odd metrics are conversions (0/1, p = 0.1).
/// </summary>
public sealed class TrafficModel
{
    private const double LatencyMu = 4.605170185988091; // ln(100)
    private const double LatencySigma = 0.5;
    private const double ConversionRate = 0.1;

    private readonly double[] _lift;

    public TrafficModel(LoadOptions options)
    {
        Options = options;
        Tests = Enumerable.Range(0, options.Tests).Select(t => $"{options.RunId}_t{t}").ToArray();
        Metrics = Enumerable.Range(0, options.Metrics).Select(MetricName).ToArray();
        Variants = Enumerable.Range(0, options.Variants).Select(v => ((char)('A' + v)).ToString()).ToArray();
        _lift = Variants.Select((name, v) => HasEffect(options, name, v) ? options.Effect : 0).ToArray();
        Users = Enumerable.Range(0, options.Users).Select(u => $"u{u}").ToArray();
    }

    public LoadOptions Options { get; }

    public string[] Tests { get; }

    public string[] Metrics { get; }

    public string[] Variants { get; }

    /// <summary>Interned user ids, so generating a point allocates no string.</summary>
    public string[] Users { get; }

    public int SeriesCount => Tests.Length * Metrics.Length;

    public (string Test, string Metric) Series(int index) => (Tests[index / Metrics.Length], Metrics[index % Metrics.Length]);

    public static bool IsConversion(int metricIndex) => metricIndex % 2 == 1;

    /// <summary>The injected relative lift of a variant's mean over the control's.</summary>
    public double TrueLift(string variant) => Array.IndexOf(Variants, variant) is >= 0 and var v ? _lift[v] : 0;

    public double Draw(Random random, int metricIndex, int variantIndex)
    {
        var scale = 1 + _lift[variantIndex];
        if (IsConversion(metricIndex)) return random.NextDouble() < ConversionRate * scale ? 1 : 0;
        // Box-Muller; 1 - NextDouble() avoids log(0).
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Math.Round(Math.Exp(LatencyMu + LatencySigma * normal) * scale, 3);
    }

    private static string MetricName(int index) => (index % 2 == 0 ? "latency" : "conversion") + (index < 2 ? "" : $"_{index / 2}");

    private static bool HasEffect(LoadOptions options, string name, int index) =>
        options.EffectVariants.Count == 0 ? index > 0 : options.EffectVariants.Contains(name);
}
