using System.Text;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>
/// Writes docs/benchmarks.md: the figures of this run above a marker line; what follows the marker in the
/// existing file (earlier measurements taken with other commands) is kept as it is.
/// </summary>
public static class BenchmarkDocument
{
    public const string KeptMarker = "<!-- Everything below this line is kept when scripts/benchmark.sh rewrites this file. -->";

    public static void Write(SuiteOptions options, string machine, IEnumerable<string> sections, TimeSpan elapsed)
    {
        var kept = File.Exists(options.OutputPath) && File.ReadAllText(options.OutputPath) is var existing && existing.Contains(KeptMarker, StringComparison.Ordinal)
            ? existing[existing.IndexOf(KeptMarker, StringComparison.Ordinal)..]
            : KeptMarker + "\n";
        var command = "bash scripts/benchmark.sh" + (options.Quick ? " --quick" : "") + (options.Soak ? " --soak" : "");
        var text = new StringBuilder($"""
            # Benchmarks

            Every figure below was measured in one run of `{command}` ({elapsed.TotalMinutes:F0} min), which starts a fresh
            TimescaleDB database, the real silo and gateway processes (Release), and each peer in a scratch database of
            the same PostgreSQL server. Ratios are only between figures measured side by side in that run; each figure is
            the median of its repetitions with min-max in brackets. `--quick` takes a couple of minutes with fewer and
            shorter repetitions; `--soak` adds the 10-minute memory soak.

            **Read them as lower bounds, and noisy.** The silo, the gateway, PostgreSQL, the load generator and the peers
            all share the same two cores, and other engineers build and test on this machine at the same time (the load
            average below says how busy it was). Spreads of 2x between repetitions of the same figure happen here; compare
            within a run, and re-run the command to see the spread for yourself.

            ## The machine

            {machine.TrimEnd()}

            """);
        text.AppendLine();
        foreach (var section in sections) text.AppendLine(section.TrimEnd()).AppendLine();
        text.Append(kept);
        File.WriteAllText(options.OutputPath, text.ToString());
    }
}
