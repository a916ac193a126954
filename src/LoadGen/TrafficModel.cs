namespace TSMetrics.LoadGen;

/// <summary>
/// The ground truth of generated A/B traffic: tests x metrics x variants, named predictably. Each user has a
/// level of their own per metric, drawn once (a hash of the seed, the metric and the user), and every point
/// is that level plus noise, so a user's points are alike, as real users' are. Even metrics are latencies
/// (log-normal, median 100 ms, a user's level carrying most of the spread); odd metrics are conversions:
/// some users are converters (twice the event rate of users), and convert on half their points. A variant's
/// effect scales the latencies and the share of converters, so the lift per user and per event is the same.
/// </summary>
public sealed class TrafficModel
{
    private const double LatencyMu = 4.605170185988091; // ln(100)
    private const double UserSigma = 0.4;
    private const double NoiseSigma = 0.3;
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

    /// <summary>
    /// The true relative lift of a variant over the control on a metric, over users as over events: a ratio
    /// of latencies' means, or of converters' shares (a converter's chance of at least one conversion is the
    /// same in every variant, since users and their points are spread evenly over variants).
    /// </summary>
    public double TrueLift(string metric, string variant, string control)
    {
        var (v, c) = (Array.IndexOf(Variants, variant), Array.IndexOf(Variants, control));
        if (v < 0 || c < 0) return 0;
        return IsConversion(Array.IndexOf(Metrics, metric))
            ? ConverterShare(v) / ConverterShare(c) - 1
            : (1 + _lift[v]) / (1 + _lift[c]) - 1;
    }

    /// <summary>A value of a user (an index into <see cref="Users"/>, or −1 for a point without one: a user of its own).</summary>
    public double Draw(Random random, int metricIndex, int variantIndex, int user)
    {
        var (normal, uniform) = user < 0 ? (Normal(random), random.NextDouble()) : Level(metricIndex, user);
        if (IsConversion(metricIndex)) return uniform < ConverterShare(variantIndex) && random.NextDouble() < 0.5 ? 1 : 0;
        return Math.Round(Math.Exp(LatencyMu + UserSigma * normal + NoiseSigma * Normal(random)) * (1 + _lift[variantIndex]), 3);
    }

    /// <summary>A user's own level for a metric: a standard normal and a uniform in [0, 1), the same at every call.</summary>
    public (double Normal, double Uniform) Level(int metricIndex, int user)
    {
        var key = ((ulong)(uint)Options.Seed << 40) ^ ((ulong)(uint)metricIndex << 24) ^ (uint)user;
        double U(ulong stream) => (Mix(key * 4 + stream) >> 11) * (1.0 / (1UL << 53));
        return (Math.Sqrt(-2 * Math.Log(1 - U(1))) * Math.Cos(2 * Math.PI * U(2)), U(3));
    }

    private double ConverterShare(int variantIndex) => Math.Min(1, 2 * ConversionRate * (1 + _lift[variantIndex]));

    // Box-Muller; 1 - NextDouble() avoids log(0).
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    // SplitMix64's finalizer: a well-mixed 64-bit hash of a counter.
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private static string MetricName(int index) => (index % 2 == 0 ? "latency" : "conversion") + (index < 2 ? "" : $"_{index / 2}");

    private static bool HasEffect(LoadOptions options, string name, int index) =>
        options.EffectVariants.Count == 0 ? index > 0 : options.EffectVariants.Contains(name);
}
