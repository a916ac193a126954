using System.Globalization;
using System.Text;
using TSMetrics.LoadGen;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>
/// Figure 2, as the predecessor's figures were taken (`ab -c 10`): single-point POSTs per second with 10
/// concurrent clients, and GETs per second of the predecessor's own query route with 10 clients.
/// </summary>
public sealed class SinglePointBenchmark(SuiteOptions options, TsMetricsSystem system)
{
    private const int Clients = 10;

    public async Task<string> RunAsync()
    {
        var posts = new List<double>();
        var gets = new List<double>();
        var p99 = new List<double>();
        var cpu = new Dictionary<string, List<double>>();
        var lost = 0;
        using var http = LoadGenerator.CreateClient(Traffic.Options(system.Url, "x", 1, Clients, 1));
        for (var rep = 0; rep < options.Repetitions; rep++)
        {
            var load = Traffic.Options(system.Url, $"single{rep}", 1, Clients, options.RunSeconds);
            var before = await system.CpuSnapshotAsync();
            var ledger = new AcknowledgedLedger();
            var summary = await LoadGenerator.RunAsync(load with { Verify = false }, http, TextWriter.Null, ledger);
            var after = await system.CpuSnapshotAsync();
            var verification = await new Verifier(http).VerifyAsync(ledger, load.VerifyTimeout, CancellationToken.None);
            if (!verification.AllFound) lost++;
            if (summary.AcknowledgedPoints > 0)
            {
                // Microseconds of CPU per acknowledged request, per process: comparable across runs on a busy machine.
                var micros = 1e6 / summary.AcknowledgedPoints;
                foreach (var role in before.Keys) Add(cpu, role, ProcessCpu.Used(before[role], after[role]) * micros);
                Add(cpu, "load generator", summary.LoadGenCpuSeconds * micros);
                Add(cpu, "all of the above", cpu.Where(c => c.Key != "all of the above").Sum(c => c.Value[^1]));
            }

            posts.Add(summary.RequestsPerSecond);
            p99.Add(summary.LatencyP99Ms);
            var start = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
            var (perSecond, failed) = await GetRate.MeasureAsync(http,
                $"/metrics?abTestName={load.RunId}_t0&metricName=latency&granularity=1m&start={start}", Clients, options.RunSeconds);
            gets.Add(perSecond);
            Console.WriteLine($"  single-point rep {rep + 1}: {summary.RequestsPerSecond:N0} POST/s (p99 {summary.LatencyP99Ms:F1} ms, exit {summary.ExitCode}), {perSecond:N0} GET/s ({failed} failed)");
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"""
            ## 2. Single-point requests, 10 concurrent clients

            POST: `LoadGen --batch 1 --concurrency {Clients}`, one point object per request, {options.RunSeconds:0} s per run, read back
            afterwards ({(lost == 0 ? "no acknowledged point was missing" : $"{lost} run(s) had acknowledged points MISSING")}). GET: {Clients} clients asking the predecessor's route `GET /metrics?abTestName=&metricName=&granularity=1m&start=<1 h ago>`
            in a loop. The predecessor's figures are its published ones (`ab -c 10`), not measured here, so no ratio is given.

            | request | TSMetrics per second | p99 ms | predecessor, published |
            |---|---|---|---|
            | POST one point | {Spread.Of(posts).Format()} | {Spread.Of(p99).Format("F1")} | 318 |
            | GET a series (`/metrics`) | {Spread.Of(gets).Format()} | | 48 |

            CPU microseconds per acknowledged POST (user + system from /proc, as in figure 1):

            | process | CPU us per request |
            |---|---|
            """);
        foreach (var (role, values) in cpu) text.AppendLine(CultureInfo.InvariantCulture, $"| {role} | {Spread.Of(values).Format("F0")} |");
        return text.ToString();
    }

    private static void Add(Dictionary<string, List<double>> cpu, string role, double value)
    {
        if (!cpu.TryGetValue(role, out var values)) cpu[role] = values = [];
        values.Add(value);
    }
}
