using System.Globalization;
using System.Text;
using TSMetrics.LoadGen;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>
/// Figure 3: live series and comparison latency while ingest runs at a steady high rate (half the measured
/// 1,000-point maximum), beside the same queries on a nearly idle system, alternated in each repetition.
/// </summary>
public sealed class LiveQueryBenchmark(SuiteOptions options, TsMetricsSystem system, double steadyRate)
{
    private const double IdleRate = 100;

    public async Task<string> RunAsync()
    {
        var results = new Dictionary<string, List<LoadSummary>> { ["busy"] = [], ["idle"] = [] };
        using var http = LoadGenerator.CreateClient(Traffic.Options(system.Url, "x", 1_000, IngestBenchmark.InFlight, 1));
        for (var rep = 0; rep < options.Repetitions; rep++)
        {
            foreach (var (name, rate) in new[] { ("busy", steadyRate), ("idle", IdleRate) })
            {
                var load = Traffic.Options(system.Url, $"live{rep}{name}", 1_000, IngestBenchmark.InFlight, options.RunSeconds * 2) with
                {
                    Mode = LoadMode.Steady,
                    Rate = rate,
                    Interval = TimeSpan.FromMilliseconds(100),
                    Probe = true,
                };
                var summary = await LoadGenerator.RunAsync(load, http, TextWriter.Null);
                results[name].Add(summary);
                Console.WriteLine($"  live rep {rep + 1} {name}: {summary.PointsPerSecond:N0} points/s, series p50 {summary.SeriesProbe!.Percentile(0.5):F1} ms p99 {summary.SeriesProbe.Percentile(0.99):F1} ms, comparison p50 {summary.ComparisonProbe!.Percentile(0.5):F1} ms p99 {summary.ComparisonProbe.Percentile(0.99):F1} ms, exit {summary.ExitCode}");
            }
        }

        string Row(string label, string name) => string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {Spread.Of(results[name].Select(s => s.PointsPerSecond)).Format()} | " +
            $"{Spread.Of(results[name].Select(s => s.SeriesProbe!.Percentile(0.5))).Format("F1")} | {Spread.Of(results[name].Select(s => s.SeriesProbe!.Percentile(0.99))).Format("F1")} | " +
            $"{Spread.Of(results[name].Select(s => s.ComparisonProbe!.Percentile(0.5))).Format("F1")} | {Spread.Of(results[name].Select(s => s.ComparisonProbe!.Percentile(0.99))).Format("F1")} |");

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"""
            ## 3. Live queries during ingest

            `LoadGen --mode steady --rate {steadyRate:F0} --probe` ({options.RunSeconds * 2:0} s per run; the rate is half the median
            1,000-point maximum of figure 1) beside `--rate {IdleRate:F0}` (nearly idle), alternated. While it runs, one client
            asks the live series of one test (1-second buckets over the last 5 minutes, both variants, answered from grain
            memory) and another its comparison (sequential, last 24 h), each in a loop with 50 ms pauses. Latency in ms,
            measured at the client.

            | ingest | achieved points/s | series p50 | series p99 | comparison p50 | comparison p99 |
            |---|---|---|---|---|---|
            {Row("steady high rate", "busy")}
            {Row("nearly idle", "idle")}
            """);
        return text.ToString();
    }
}
