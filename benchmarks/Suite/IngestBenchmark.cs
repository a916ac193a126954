using System.Globalization;
using System.Text;
using TSMetrics.LoadGen;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>
/// Figure 1 and the CPU cost: durable ingest through HTTP at batch sizes 1, 100 and 1,000 with 64 requests
/// in flight, every run verified by reading it back, against binary COPY of the same kind of points into an
/// indexed hypertable, alternated within each repetition. CPU per million points from /proc during the
/// 1,000-point runs (silo, gateway, database backends, load generator).
/// </summary>
public sealed class IngestBenchmark(SuiteOptions options, TsMetricsSystem system, TestDatabase peerDatabase)
{
    public const int InFlight = 64;

    private int[] BatchSizes => options.BatchSizes;

    public Spread ThousandPointRate { get; private set; }

    public async Task<string> RunAsync()
    {
        var rates = BatchSizes.ToDictionary(b => b, _ => new List<double>());
        var p50 = BatchSizes.ToDictionary(b => b, _ => new List<double>());
        var p99 = BatchSizes.ToDictionary(b => b, _ => new List<double>());
        var copyRates = new List<double>();
        var cpu = BatchSizes.ToDictionary(b => b, _ => new Dictionary<string, List<double>>());
        var copyCpu = new List<double>();
        var lost = 0;
        var peer = new CopyPeer(peerDatabase);
        await peer.CreateAsync();
        using var http = LoadGenerator.CreateClient(Traffic.Options(system.Url, "x", 1, InFlight, 1));

        // A fresh process costs several times more per request while the JIT tiers up: warm every size first.
        foreach (var batch in BatchSizes)
            await LoadGenerator.RunAsync(Traffic.Options(system.Url, $"warm{batch}", batch, InFlight, options.WarmUpSeconds, options.UserIds) with { Verify = false }, http, TextWriter.Null);

        for (var rep = 0; rep < options.Repetitions; rep++)
        {
            foreach (var batch in BatchSizes)
            {
                var load = Traffic.Options(system.Url, $"ing{rep}b{batch}", batch, InFlight, options.RunSeconds, options.UserIds);
                var before = await system.CpuSnapshotAsync();
                var ledger = new AcknowledgedLedger();
                var summary = await LoadGenerator.RunAsync(load with { Verify = false }, http, TextWriter.Null, ledger);
                var after = await system.CpuSnapshotAsync();
                var verification = await new Verifier(http).VerifyAsync(ledger, load.VerifyTimeout, CancellationToken.None);
                if (!verification.AllFound) lost++;
                rates[batch].Add(summary.PointsPerSecond);
                p50[batch].Add(summary.LatencyP50Ms);
                p99[batch].Add(summary.LatencyP99Ms);
                Console.WriteLine($"  ingest rep {rep + 1}, batch {batch}: {summary.PointsPerSecond:N0} points/s, p50 {summary.LatencyP50Ms:F1} ms, p99 {summary.LatencyP99Ms:F1} ms, rejected {summary.RejectedRequests}, failed {summary.FailedRequests}, verified {verification.Matched}/{verification.Series}");
                if (summary.AcknowledgedPoints == 0) continue;
                var millions = summary.AcknowledgedPoints / 1e6;
                foreach (var role in before.Keys) Add(cpu[batch], role, ProcessCpu.Used(before[role], after[role]) / millions);
                Add(cpu[batch], "load generator", summary.LoadGenCpuSeconds / millions);
            }

            var points = Traffic.Generate(Traffic.Options(system.Url, $"copy{rep}", 1_000, 1, 1, options.UserIds), options.CopyPoints);
            var (rowsPerSecond, cpuSeconds) = await peer.LoadAsync(points);
            copyRates.Add(rowsPerSecond);
            copyCpu.Add(cpuSeconds / (points.Count / 1e6));
            Console.WriteLine($"  COPY peer rep {rep + 1}: {rowsPerSecond:N0} rows/s");
        }

        ThousandPointRate = Spread.Of(rates.GetValueOrDefault(1_000) ?? []);
        var copy = Spread.Of(copyRates);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"""
            ## 1. Durable ingest against binary COPY

            TSMetrics: `LoadGen --mode max --concurrency {InFlight}` for {options.RunSeconds:0} s per run (after an unrecorded {options.WarmUpSeconds:0} s warm-up
            at each batch size: a fresh process costs several times more per request until the JIT has tiered up), 10 tests x 2 metrics x 2 variants,
            {(options.UserIds ? "user ids from 100,000 users" : "no user ids (--no-users)")}, timestamps now; a point counts once its 200 arrived (it is then in the journal). Every run is read
            back afterwards ({(lost == 0 ? "no acknowledged point was missing in any run" : $"{lost} run(s) had acknowledged points MISSING")}).
            Peer: the same kind of points, {options.CopyPoints:N0} per repetition, binary COPY of {CopyPeer.RowsPerCopy:N0} rows per statement on
            {CopyPeer.Connections} connections into a row-per-point hypertable (1-day chunks) with an index on (test, metric, time),
            in a scratch database of the same server. {options.Repetitions} repetitions, alternated; median (min-max).

            | batch size | TSMetrics points/s | request p50 ms | request p99 ms | COPY rows/s (same run) | TSMetrics / COPY |
            |---|---|---|---|---|---|
            """);
        foreach (var batch in BatchSizes)
        {
            var rate = Spread.Of(rates[batch]);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {batch:N0} | {rate.Format()} | {Spread.Of(p50[batch]).Format("F1")} | {Spread.Of(p99[batch]).Format("F1")} | {copy.Format()} | {Spread.Ratio(rate, copy)} |");
        }

        text.AppendLine().AppendLine($"""
            ### CPU per million points ingested

            CPU seconds (user + system, from `/proc/<pid>/stat`) used during the runs above, divided by the points
            acknowledged, per batch size. "postgres" counts the backends connected to the system's database; the
            server's shared processes (WAL writer, checkpointer) are not included, for either side.

            | process | {string.Join(" | ", BatchSizes.Select(b => $"batch {b:N0}"))} |
            |---|{string.Concat(BatchSizes.Select(_ => "---|"))}
            """);
        foreach (var role in cpu[BatchSizes[^1]].Keys)
            text.AppendLine(CultureInfo.InvariantCulture, $"| TSMetrics: {role} | {string.Join(" | ", BatchSizes.Select(b => Spread.Of(cpu[b].GetValueOrDefault(role) ?? []).Format("F2")))} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| **TSMetrics: all of the above** | {string.Join(" | ", BatchSizes.Select(b => "**" + Spread.Of(Totals(cpu[b])).Format("F2") + "**"))} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| COPY peer ({CopyPeer.RowsPerCopy:N0} rows per COPY): database backends + client | {string.Concat(BatchSizes.Skip(1).Select(_ => " | "))}{Spread.Of(copyCpu).Format("F2")} |");
        return text.ToString();
    }

    // Per repetition, the sum over processes.
    private static IEnumerable<double> Totals(Dictionary<string, List<double>> byRole) =>
        byRole.Count == 0 ? [] : Enumerable.Range(0, byRole.Values.Min(v => v.Count)).Select(i => byRole.Values.Sum(v => v[i]));

    private static void Add(Dictionary<string, List<double>> values, string key, double value)
    {
        if (!values.TryGetValue(key, out var list)) values[key] = list = [];
        list.Add(value);
    }
}
