using System.Diagnostics;
using TSMetrics.Benchmarks.Suite;
using TSMetrics.Tests.Infrastructure;

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

var micro = "";
if (options.Only.Length == 0)
{
    Console.WriteLine("6. Micro-benchmarks (BenchmarkDotNet)...");
    micro = await MicroBenchmarks.RunAsync(options);
}

if (options.Runs(1) || options.Runs(2) || options.Runs(3) || options.Runs(4))
{
    await using var system = await TsMetricsSystem.StartAsync(options, "tsm_bench");
    await using var peer = await TestDatabase.CreateAsync("tsm_bench_peer", options.PostgresHost, options.PostgresPort, poolSize: 60);
    Console.WriteLine($"System under test at {system.Url} (silo pid {system.Silo.Pid}, gateway pid {system.Gateway.Pid}); logs in artifacts/bench.");
    var liveRate = options.LiveRate;
    if (options.Runs(1))
    {
        Console.WriteLine("1. Durable ingest against COPY...");
        var ingest = new IngestBenchmark(options, system, peer);
        sections.Add(await ingest.RunAsync());
        if (options.BatchSizes.Contains(1_000)) liveRate = Math.Round(ingest.ThousandPointRate.Median / 2_000) * 1_000;
    }

    if (options.Runs(2))
    {
        Console.WriteLine("2. Single-point requests...");
        sections.Add(await new SinglePointBenchmark(options, system).RunAsync());
    }

    if (options.Runs(3))
    {
        Console.WriteLine("3. Live queries during ingest...");
        sections.Add(await new LiveQueryBenchmark(options, system, liveRate).RunAsync());
    }

    if (options.Runs(4))
    {
        Console.WriteLine("4. Historical query against time_bucket over raw rows...");
        sections.Add(await new HistoryBenchmark(options, system, peer).RunAsync());
    }
}

if (options.Runs(5))
{
    Console.WriteLine("5. Memory per active series...");
    sections.Add(await new MemoryBenchmark(options).RunAsync());
}

if (options.Only.Length > 0)
{
    var only = Path.Combine(options.ArtifactsDirectory, "only.md");
    await File.WriteAllTextAsync(only, machine + Environment.NewLine + string.Join(Environment.NewLine, sections));
    foreach (var section in sections) Console.WriteLine(section);
    Console.WriteLine($"Wrote {only} in {clock.Elapsed.TotalMinutes:F1} min.");
    return;
}

sections.Add(micro);

BenchmarkDocument.Write(options, await MachineInfo.DescribeAsync(options, loadAtStart), sections, clock.Elapsed);
Console.WriteLine();
foreach (var section in sections) Console.WriteLine(section);
Console.WriteLine($"Wrote {options.OutputPath} in {clock.Elapsed.TotalMinutes:F1} min.");
