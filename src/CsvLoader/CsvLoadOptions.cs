using System.Globalization;

namespace TSMetrics.CsvLoader;

/// <summary>The loader's command line: where the CSV is, which column is what, where and how to send.</summary>
public sealed record CsvLoadOptions
{
    public const string Usage = """
        usage: TSMetrics.CsvLoader --file FILE|- [--url http://localhost:5221] [--api-key KEY] [--target ingest|points]
               [--time-column ts] [--time-unit s|ms] [--tags device,...] [--values co,temp,...] [--metric TEMPLATE]
               [--batch-size 1000] [--concurrency 4] [--max-rows N] [--state FILE | --no-state] [--max-reported 20]
          --tags     columns identifying the source (default: any of device, device_id, sensor, sensor_id)
          --values   reading columns (default: every column but the time and the tags)
          --metric   metric name; {column} is the reading's column, {NAME} the value of column NAME
                     (default: ingest "{column}.{tag}..." (the tags in the name), points "{column}" with the tags as tags)
          --state    acknowledged batches are recorded here and skipped on a rerun (default: FILE.tsmetrics-state)
        """;

    public string File { get; init; } = "";
    public Uri Url { get; init; } = new("http://localhost:5221");
    public string? ApiKey { get; init; }
    public Target Target { get; init; } = Target.Ingest;
    public string TimeColumn { get; init; } = "ts";
    public bool TimeInMilliseconds { get; init; }

    /// <summary>Identifying columns; null: the default names that the header has.</summary>
    public IReadOnlyList<string>? TagColumns { get; init; }

    /// <summary>Reading columns; null: all but time and tags.</summary>
    public IReadOnlyList<string>? ValueColumns { get; init; }

    public string? MetricTemplate { get; init; }
    public int BatchSize { get; init; } = 1_000;
    public int Concurrency { get; init; } = 4;
    public long? MaxRows { get; init; }

    /// <summary>The state file; null: none (stdin, or --no-state).</summary>
    public string? StateFile { get; init; }

    public int MaxReported { get; init; } = 20;

    /// <summary>Longest wait for a batch the server answers 429/503 (or cannot be reached) before giving up on it.</summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromMinutes(2);

    public static CsvLoadOptions Parse(string[] args)
    {
        var options = new CsvLoadOptions();
        var noState = false;
        string? state = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            if (args[i] == "--state")
            {
                state = Next();
                continue;
            }

            if (args[i] == "--no-state")
            {
                noState = true;
                continue;
            }

            options = args[i] switch
            {
                "--file" => options with { File = Next() },
                "--url" => options with { Url = new Uri(Next()) },
                "--api-key" => options with { ApiKey = Next() },
                "--target" => options with { Target = Enum.Parse<Target>(Next(), ignoreCase: true) },
                "--time-column" => options with { TimeColumn = Next() },
                "--time-unit" => options with { TimeInMilliseconds = Next() switch { "s" => false, "ms" => true, var u => throw new ArgumentException($"--time-unit {u}: s or ms.") } },
                "--tags" => options with { TagColumns = List(Next()) },
                "--values" => options with { ValueColumns = List(Next()) },
                "--metric" => options with { MetricTemplate = Next() },
                "--batch-size" => options with { BatchSize = Positive(Next(), "--batch-size") },
                "--concurrency" => options with { Concurrency = Positive(Next(), "--concurrency") },
                "--max-rows" => options with { MaxRows = Positive(Next(), "--max-rows") },
                "--max-reported" => options with { MaxReported = int.Parse(Next(), CultureInfo.InvariantCulture) },
                var unknown => throw new ArgumentException($"unknown option {unknown}."),
            };
        }

        if (options.File.Length == 0) throw new ArgumentException("--file is required (- for standard input).");
        return options with { StateFile = noState ? null : state ?? (options.File == "-" ? null : options.File + ".tsmetrics-state") };
    }

    private static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Positive(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name} must be a positive whole number.");
}
