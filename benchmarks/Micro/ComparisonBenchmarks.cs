using BenchmarkDotNet.Attributes;
using TSMetrics.Statistics;

namespace TSMetrics.Benchmarks.Micro;

/// <summary>One comparison as the gateway computes it per request or live push: 2 metrics x 2 variants.</summary>
[MemoryDiagnoser]
public class ComparisonBenchmarks
{
    private readonly Dictionary<TestMethod, ExperimentInput> _inputs = [];

    [Params(TestMethod.Sequential, TestMethod.Fixed, TestMethod.Bayesian)]
    public TestMethod Analysis { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        MetricInput Metric(string name, bool proportion, double control, double treatment, double sd) => new(name, proportion ? null : "ms", proportion, !proportion ? false : true,
        [
            new VariantSample("A", ArmSample.FromSums(40_000, control * 40_000, (sd * sd + control * control) * 40_000)),
            new VariantSample("B", ArmSample.FromSums(40_000, treatment * 40_000, (sd * sd + treatment * treatment) * 40_000)),
        ]);

        var now = DateTime.UtcNow;
        _inputs[Analysis] = new ExperimentInput("checkout_v2", "A", null,
            [Metric("latency", false, 128, 117.5, 45), Metric("conversion", true, 0.10, 0.105, 0.3)],
            Analysis, ComparisonOptions.Default, Correction.Holm, now.AddDays(-1), now);
    }

    [Benchmark(Description = "compare 2 metrics x 2 variants")]
    public ExperimentAnalysis Compare() => ExperimentAnalyzer.Analyze(_inputs[Analysis]);
}
