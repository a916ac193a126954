using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Silo.Demo;

/// <summary>
/// One demo (test, metric) with a known truth per variant, so that comparisons have an answer to find. A
/// test's points come from its users (<see cref="DemoUsers"/>): each point from a user of the variant, its
/// value the user's own level plus noise, so a user's points are alike as real users' are.
/// </summary>
/// <param name="Key">The series.</param>
/// <param name="Definition">Unit, direction and kind, as a user would define them.</param>
/// <param name="Variants">Variant names, control first.</param>
/// <param name="Users">The test's users; null for a plain metric (no user ids).</param>
/// <param name="Draw">Draws one value for a variant index and the sending user's level.</param>
public sealed record DemoSeries(SeriesKey Key, MetricDefinition Definition, string[] Variants, DemoUsers? Users, Func<int, DemoUserLevel, Random, double> Draw)
{
    /// <summary>Users per demo test: about 35 points each over 30 days of history, more with live traffic.</summary>
    public const int UsersPerTest = 50_000;

    private static readonly DemoUsers Checkout = new("checkout_v2", 2, UsersPerTest);
    private static readonly DemoUsers Search = new("search_ranking", 2, UsersPerTest);
    private static readonly DemoUsers Onboarding = new("onboarding_flow", 3, UsersPerTest);

    private DemoUserLevel[]? _levels;

    /// <summary>
    /// checkout_v2: B is 8% faster and converts 15% better (clearly significant, per event and per user).
    /// search_ranking: no difference at all (clearly null). onboarding_flow: A/B/C where only C lifts
    /// conversion. cpu_usage: a plain metric.
    /// </summary>
    public static IReadOnlyList<DemoSeries> All { get; } =
    [
        new(new("checkout_v2", "response_time"), new("ms", MetricDirection.Lower, MetricKind.Mean, "Checkout page server time"),
            ["A", "B"], Checkout, (v, user, rng) => LogNormal(rng, Math.Log(v == 0 ? 120 : 110.4) + 0.3 * user.Normal, 0.25)),
        new(new("checkout_v2", "add_to_cart"), new("clicks", MetricDirection.Higher, MetricKind.Proportion, "Visit ended with add-to-cart"),
            ["A", "B"], Checkout, (v, user, rng) => Propensity(rng, user, v == 0 ? 0.10 : 0.115)),
        new(new("search_ranking", "click_through"), new("clicks", MetricDirection.Higher, MetricKind.Proportion, "Search result clicked"),
            ["A", "B"], Search, (_, user, rng) => Propensity(rng, user, 0.20)),
        new(new("search_ranking", "response_time"), new("ms", MetricDirection.Lower, MetricKind.Mean, "Search latency"),
            ["A", "B"], Search, (_, user, rng) => LogNormal(rng, Math.Log(80) + 0.25 * user.Normal, 0.25)),
        new(new("onboarding_flow", "conversion"), new("users", MetricDirection.Higher, MetricKind.Proportion, "Finished onboarding"),
            ["A", "B", "C"], Onboarding, (v, user, rng) => Propensity(rng, user, v == 2 ? 0.06 : 0.05)),
        new(new("", "cpu_usage"), new("%", MetricDirection.Lower, MetricKind.Mean, "Web tier CPU"),
            [""], null, (_, _, rng) => Math.Clamp(45 + 12 * Normal(rng), 0, 100)),
    ];

    /// <summary>The next point of a variant: who sends it (−1 for a plain metric) and its value.</summary>
    public (int User, double Value) Next(int variant, Random rng)
    {
        if (Users is null) return (-1, Draw(variant, default, rng));
        var user = Users.Pick(variant, rng);
        _levels ??= Users.Levels(Key.Metric);
        return (user, Draw(variant, _levels[user], rng));
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static double LogNormal(Random rng, double mu, double sigma) => Math.Exp(mu + sigma * Normal(rng));

    // Some users are the kind who convert (twice the event rate of users do, drawn once per user) and do so
    // on half their points; the others never do. Per event the rate is eventRate; per user the share of
    // converters is 2 · eventRate, so a lift is the same lift per event and per user.
    private static double Propensity(Random rng, DemoUserLevel user, double eventRate) =>
        user.Uniform < 2 * eventRate && rng.NextDouble() < 0.5 ? 1 : 0;
}
