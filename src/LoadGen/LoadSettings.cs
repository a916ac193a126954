using System.Globalization;

namespace TSMetrics.LoadGen;

/// <summary>What to run, from the command line.</summary>
public sealed record LoadSettings(Uri Url, int BatchSize, int Concurrency, int Seconds, int Series, string RunId, bool Compact, bool WithUsers)
{
    public static LoadSettings Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }

        int Number(string name, int fallback) => int.Parse(Value(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        return new LoadSettings(
            new Uri(Value("--url", "http://localhost:5221")),
            Number("--batch", 1_000),
            Number("--concurrency", 16),
            Number("--seconds", 20),
            Number("--series", 20),
            $"load{DateTime.UtcNow:HHmmss}",
            args.Contains("--compact"),
            !args.Contains("--no-users"));
    }
}
