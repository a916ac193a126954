using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using TSMetrics.Benchmarks.Micro;

// In process: no generated project to build per benchmark, so the suite stays within minutes.
// --quick: fewer iterations, for a smoke run. Other arguments go to BenchmarkDotNet (--filter, --artifacts).
var quick = args.Contains("--quick");
var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
    .WithWarmupCount(quick ? 1 : 3).WithIterationCount(quick ? 3 : 10);
var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(job)
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromTypes([typeof(IngestParsingBenchmarks), typeof(GrainPathBenchmarks), typeof(ComparisonBenchmarks), typeof(SeriesAnswerBenchmarks)])
    .Run(args.Where(a => a != "--quick").ToArray(), config);
