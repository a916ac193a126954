namespace TSMetrics.Benchmarks.Suite;

/// <summary>
/// What the suite runs: --quick (a couple of minutes), the full run, --soak (adds the 10-minute memory soak),
/// and --memory-only (figure 5 alone, at the full run's series counts unless --quick). --only 2,4 runs just those
/// figures (printed and written to artifacts/bench/only.md, docs untouched) for before/after comparisons and
/// profiling; --batch 1000 limits figure 1 to one batch size; --live-rate sets figure 3's rate when 1 is not run;
/// --no-users sends figure 1's points (and its peer's) without user ids, to split what they cost.
/// </summary>
public sealed record SuiteOptions(bool Quick, bool Soak, bool MemoryOnly, string RepositoryRoot, string OutputPath, string PostgresHost, int PostgresPort)
{
    /// <summary>The figures to run (1-5); empty: all of them, and the micro-benchmarks.</summary>
    public int[] Only { get; init; } = [];

    /// <summary>Whether figure 1's points carry user ids (the default; --no-users turns them off).</summary>
    public bool UserIds { get; init; } = true;

    /// <summary>Figure 1's batch sizes.</summary>
    public int[] BatchSizes { get; init; } = [1, 100, 1_000];

    /// <summary>Figure 3's steady rate when figure 1 did not measure the maximum.</summary>
    public double LiveRate { get; init; } = 366_000;

    public bool Runs(int figure) => Only.Length == 0 || Only.Contains(figure);

    public int Repetitions => Quick ? 2 : 5;

    /// <summary>Seconds of each timed load run.</summary>
    public double RunSeconds => Quick ? 3 : 8;

    /// <summary>Seconds of the unrecorded warm-up run at each batch size.</summary>
    public double WarmUpSeconds => Quick ? 3 : 10;

    /// <summary>Points loaded by each repetition of the COPY peer.</summary>
    public int CopyPoints => Quick ? 100_000 : 500_000;

    /// <summary>Raw points per minute and variant of the 30-day history (the demo seeder's rate in the full run).</summary>
    public int HistoryPointsPerMinute => Quick ? 2 : 20;

    public int HistoryQueries => Quick ? 5 : 15;

    public int[] MemorySeries => Quick ? [100, 1_000] : [1_000, 10_000];

    /// <summary>Series that keep percentiles, activated after the numeric ones (their cost is the heap they add).</summary>
    public int MemoryPercentileSeries => 1_000;

    public TimeSpan SoakDuration => TimeSpan.FromMinutes(10);

    public string AdminConnectionString => $"Host={PostgresHost};Port={PostgresPort};Username=postgres;Database=postgres;Pooling=false";

    public string ArtifactsDirectory => Path.Combine(RepositoryRoot, "artifacts", "bench");

    public static SuiteOptions Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        var root = Value("--repo") ?? Directory.GetCurrentDirectory();
        static int[] Numbers(string? list) => list is null ? [] : [.. list.Split(',').Select(int.Parse)];
        var options = new SuiteOptions(args.Contains("--quick"), args.Contains("--soak"), args.Contains("--memory-only"), root,
            Value("--out") ?? Path.Combine(root, "docs", "benchmarks.md"),
            Environment.GetEnvironmentVariable("TSMETRICS_PG_HOST") ?? "127.0.0.1",
            int.Parse(Environment.GetEnvironmentVariable("TSMETRICS_PG_PORT") ?? "5433"))
        {
            Only = Numbers(Value("--only")),
            LiveRate = Value("--live-rate") is { } rate ? double.Parse(rate) : 366_000,
            UserIds = !args.Contains("--no-users"),
        };
        return Value("--batch") is { } batches ? options with { BatchSizes = Numbers(batches) } : options;
    }
}
