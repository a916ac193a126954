using System.Diagnostics;
using TSMetrics.Benchmarks.Suite;

// Usage (from scripts/benchmark.sh, after the Release build): TSMetrics.Benchmarks.Suite --repo <root> [--quick] [--soak] [--memory-only] [--out docs/benchmarks.md]
var options = SuiteOptions.Parse(args);
var clock = Stopwatch.StartNew();
var loadAtStart = MachineInfo.LoadAverage();
Directory.CreateDirectory(options.ArtifactsDirectory);
var sections = new List<string>();
// Described once up front as well, so a problem there shows before minutes of measuring, not after.
var machine = await MachineInfo.DescribeAsync(options, loadAtStart);
if (options.MemoryOnly)
{
    // Figure 5 alone (a couple of minutes): printed and written to artifacts/bench/memory.md, docs untouched.
    var memory = await new MemoryBenchmark(options).RunAsync();
    var path = Path.Combine(options.ArtifactsDirectory, "memory.md");
    await File.WriteAllTextAsync(path, machine + Environment.NewLine + memory);
    Console.WriteLine(memory);
    Console.WriteLine($"Wrote {path} in {clock.Elapsed.TotalMinutes:F1} min.");
    return;
}

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
