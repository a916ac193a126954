using System.Globalization;

namespace TSMetrics.LoadGen;

/// <summary>What to run: every option of the command line, with its default.</summary>
public sealed record LoadOptions
{
    public Uri Url { get; init; } = new("http://localhost:5221");
    public string? ApiKey { get; init; }
    public LoadMode Mode { get; init; } = LoadMode.Max;
    public int Tests { get; init; } = 2;
    public int Metrics { get; init; } = 2;
    public int Variants { get; init; } = 2;

    /// <summary>True relative lift injected into <see cref="EffectVariants"/> (0.05 = +5% on the mean).</summary>
    public double Effect { get; init; } = 0.05;

    /// <summary>Variants (A, B, ...) that carry the effect; empty means every variant but the control A.</summary>
    public IReadOnlyList<string> EffectVariants { get; init; } = [];

    /// <summary>Size of the user population ids are drawn from; 0 sends no user ids.</summary>
    public int Users { get; init; } = 100_000;
    public int BatchSize { get; init; } = 1_000;
    public int Concurrency { get; init; } = 64;
    public double Seconds { get; init; } = 20;

    /// <summary>Stop after this many points (0: only the time limit).</summary>
    public long MaxPoints { get; init; }

    /// <summary>Steady mode: points per second. The default is the predecessor's 20 points every 300 ms.</summary>
    public double Rate { get; init; } = 20 / 0.3;
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Back-fill: how far back the points go (at most the server's accepted age, 7 days).</summary>
    public double Days { get; init; } = 6.9;
    public string? CsvPath { get; init; }
    public bool Compact { get; init; }
    public bool Probe { get; init; }
    public bool Verify { get; init; } = true;
    public TimeSpan VerifyTimeout { get; init; } = TimeSpan.FromSeconds(20);
    public bool Progress { get; init; } = true;
    public string RunId { get; init; } = $"load{DateTime.UtcNow:HHmmss}";
    public int Seed { get; init; } = 4;

    public const string Usage = """
        Usage: TSMetrics.LoadGen [--mode steady|max|backfill|csv] [options]
          --url URL              gateway (http://localhost:5221)        --api-key KEY     sent as X-Api-Key
          --tests N --metrics M --variants V                            A/B traffic shape (2 x 2 x 2)
          --effect 0.05          true relative lift                     --effect-variants B,C (all but A)
          --users 100000         user population (0: no user ids)       --batch 1000      points per request
          --concurrency 64       requests in flight (max, backfill, csv) --seconds 20      time limit (steady, max)
          --points N             stop after N points                    --rate 66.7       steady: points/s
          --interval-ms 300      steady: send every interval            --days 6.9        backfill: span
          --csv FILE             csv: test,metric,variant,value[,timestamp][,userId] with a header
          --compact              [t, v] pairs, one variant per request  --probe           time live queries alongside
          --no-verify            skip reading everything back           --verify-timeout 20 (s)
          --run-id ID            prefix of the test names               --seed 4          --quiet (no progress)
        Exit code: 0 all acknowledged points found; 1 requests rejected or failed; 2 acknowledged points missing.
        """;

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            double Real() => double.Parse(Next(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--url" => options with { Url = new Uri(Next()) },
                "--api-key" => options with { ApiKey = Next() },
                "--mode" => options with { Mode = Enum.Parse<LoadMode>(Next(), ignoreCase: true) },
                "--tests" => options with { Tests = Int() },
                "--metrics" => options with { Metrics = Int() },
                "--variants" => options with { Variants = Int() },
                "--effect" => options with { Effect = Real() },
                "--effect-variants" => options with { EffectVariants = Next().Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "--users" => options with { Users = Int() },
                "--no-users" => options with { Users = 0 },
                "--batch" => options with { BatchSize = Int() },
                "--concurrency" => options with { Concurrency = Int() },
                "--seconds" => options with { Seconds = Real() },
                "--points" => options with { MaxPoints = long.Parse(Next(), CultureInfo.InvariantCulture) },
                "--rate" => options with { Rate = Real() },
                "--interval-ms" => options with { Interval = TimeSpan.FromMilliseconds(Real()) },
                "--days" => options with { Days = Real() },
                "--csv" => options with { CsvPath = Next(), Mode = LoadMode.Csv },
                "--compact" => options with { Compact = true },
                "--probe" => options with { Probe = true },
                "--no-verify" => options with { Verify = false },
                "--verify-timeout" => options with { VerifyTimeout = TimeSpan.FromSeconds(Real()) },
                "--quiet" => options with { Progress = false },
                "--run-id" => options with { RunId = Next() },
                "--seed" => options with { Seed = Int() },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        return options.Validated();
    }

    private LoadOptions Validated()
    {
        if (Tests < 1 || Metrics < 1 || Variants is < 1 or > 26) throw new ArgumentException("--tests and --metrics must be >= 1, --variants 1 to 26.");
        if (BatchSize < 1 || Concurrency < 1) throw new ArgumentException("--batch and --concurrency must be >= 1.");
        if (Mode == LoadMode.Csv && CsvPath is null) throw new ArgumentException("--mode csv needs --csv FILE.");
        if (Days is <= 0 or > 7) throw new ArgumentException("--days must be within (0, 7]: the server rejects points older than 7 days.");
        if (Rate <= 0) throw new ArgumentException("--rate must be > 0.");
        return this;
    }
}
