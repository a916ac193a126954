using System.Diagnostics;
using TSMetrics.Benchmarks.Suite;

// Usage (from scripts/benchmark.sh, after the Release build): TSMetrics.Benchmarks.Suite --repo <root> [--quick] [--soak] [--out docs/benchmarks.md]
var options = SuiteOptions.Parse(args);
var clock = Stopwatch.StartNew();
var loadAtStart = MachineInfo.LoadAverage();
Directory.CreateDirectory(options.ArtifactsDirectory);
var sections = new List<string>();
// Described once up front as well, so a problem there shows before minutes of measuring, not after.
await MachineInfo.DescribeAsync(options, loadAtStart);

Console.WriteLine("6. Micro-benchmarks (BenchmarkDotNet)...");
var micro = await MicroBenchmarks.RunAsync(options);

await using (var system = await TsMetricsSystem.StartAsync(options, "tsm_bench"))
await using (var peer = await ScratchDatabase.CreateAsync(options, "tsm_bench_peer"))
{
    Console.WriteLine($"System under test at {system.Url}; logs in artifacts/bench.");
    Console.WriteLine("1. Durable ingest against COPY...");
    var ingest = new IngestBenchmark(options, system, peer);
    sections.Add(await ingest.RunAsync());
    Console.WriteLine("2. Single-point requests...");
    sections.Add(await new SinglePointBenchmark(options, system).RunAsync());
    Console.WriteLine("3. Live queries during ingest...");
    sections.Add(await new LiveQueryBenchmark(options, system, Math.Round(ingest.ThousandPointRate.Median / 2_000) * 1_000).RunAsync());
    Console.WriteLine("4. Historical query against time_bucket over raw rows...");
    sections.Add(await new HistoryBenchmark(options, system, peer).RunAsync());
}

Console.WriteLine("5. Memory per active series...");
sections.Add(await new MemoryBenchmark(options).RunAsync());
sections.Add(micro);

BenchmarkDocument.Write(options, await MachineInfo.DescribeAsync(options, loadAtStart), sections, clock.Elapsed);
Console.WriteLine();
foreach (var section in sections) Console.WriteLine(section);
Console.WriteLine($"Wrote {options.OutputPath} in {clock.Elapsed.TotalMinutes:F1} min.");
