using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Silo.Demo;

/// <summary>
/// One demo (test, metric) with a known truth per variant, so that comparisons have an answer to find.
/// </summary>
/// <param name="Key">The series.</param>
/// <param name="Definition">Unit, direction and kind, as a user would define them.</param>
/// <param name="Variants">Variant names, control first.</param>
/// <param name="Draw">Draws one value for a variant index.</param>
public sealed record DemoSeries(SeriesKey Key, MetricDefinition Definition, string[] Variants, Func<int, Random, double> Draw)
{
    /// <summary>
    /// checkout_v2: B is 8% faster and converts 15% better (clearly significant). search_ranking: no
    /// difference at all (clearly null). onboarding_flow: A/B/C where only C lifts conversion. cpu_usage:
    /// a plain metric.
    /// </summary>
    public static IReadOnlyList<DemoSeries> All { get; } =
    [
        new(new("checkout_v2", "response_time"), new("ms", MetricDirection.Lower, MetricKind.Mean, "Checkout page server time"),
            ["A", "B"], (v, rng) => LogNormal(rng, Math.Log(v == 0 ? 120 : 110.4), 0.35)),
        new(new("checkout_v2", "add_to_cart"), new("clicks", MetricDirection.Higher, MetricKind.Proportion, "Visit ended with add-to-cart"),
            ["A", "B"], (v, rng) => Bernoulli(rng, v == 0 ? 0.10 : 0.115)),
        new(new("search_ranking", "click_through"), new("clicks", MetricDirection.Higher, MetricKind.Proportion, "Search result clicked"),
            ["A", "B"], (_, rng) => Bernoulli(rng, 0.20)),
        new(new("search_ranking", "response_time"), new("ms", MetricDirection.Lower, MetricKind.Mean, "Search latency"),
            ["A", "B"], (_, rng) => LogNormal(rng, Math.Log(80), 0.30)),
        new(new("onboarding_flow", "conversion"), new("users", MetricDirection.Higher, MetricKind.Proportion, "Finished onboarding"),
            ["A", "B", "C"], (v, rng) => Bernoulli(rng, v == 2 ? 0.06 : 0.05)),
        new(new("", "cpu_usage"), new("%", MetricDirection.Lower, MetricKind.Mean, "Web tier CPU"),
            [""], (_, rng) => Math.Clamp(45 + 12 * Normal(rng), 0, 100)),
    ];

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static double LogNormal(Random rng, double mu, double sigma) => Math.Exp(mu + sigma * Normal(rng));

    private static double Bernoulli(Random rng, double p) => rng.NextDouble() < p ? 1 : 0;
}
