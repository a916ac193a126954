using TSMetrics.LoadGen;
using TSMetrics.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TSMetrics.Tests.Api;

/// <summary>The load generator against the real gateway and cluster: a short steady run verifies, and a missing point fails it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LoadGenSmokeTests(ClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task ASteadyRunIsAcknowledgedAndEveryPointIsFoundAgain()
    {
        var options = SteadyOptions(Names.Unique("lgok"));

        var summary = await LoadGenerator.RunAsync(options, fixture.Http, TextWriter.Null);

        Assert.True(summary.AcknowledgedPoints >= 100, $"only {summary.AcknowledgedPoints} points acknowledged:\n{summary}");
        Assert.Equal(summary.SentPoints, summary.AcknowledgedPoints);
        Assert.Equal(4, summary.Verification!.Matched);
        Assert.Equal(0, summary.ExitCode);
    }

    [Fact]
    public async Task AnAcknowledgedPointThatIsMissingMakesTheRunFail()
    {
        var options = SteadyOptions(Names.Unique("lgmiss"));
        var ledger = new AcknowledgedLedger();
        // As if the server had acknowledged one more point of a series than it holds.
        ledger.Expect($"{options.RunId}_t0", "latency", "A", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 1);

        var summary = await LoadGenerator.RunAsync(options with { VerifyTimeout = TimeSpan.FromSeconds(2) }, fixture.Http, TextWriter.Null, ledger);

        Assert.False(summary.Verification!.AllFound);
        Assert.Contains(summary.Verification.Missing, line => line.StartsWith($"{options.RunId}_t0/latency/A:", StringComparison.Ordinal));
        Assert.Equal(2, summary.ExitCode);
    }

    [Fact]
    public async Task EachComparisonIsPerUserAndItsIntervalIsCheckedAgainstTheTrueLiftOverUsers()
    {
        // One worker sends the same points every run (fixed seed): 200 users, 20 alike points each per metric.
        var options = new LoadOptions
        {
            Mode = LoadMode.Max, RunId = Names.Unique("lgfx"), Tests = 1, Metrics = 2, Variants = 2, Effect = 0.3,
            Users = 200, BatchSize = 100, Concurrency = 1, MaxPoints = 8_000, Seconds = 120, Progress = false,
        };

        var summary = await LoadGenerator.RunAsync(options, fixture.Http, TextWriter.Null);
        output.WriteLine(summary.ToString());

        Assert.Equal(0, summary.ExitCode);
        Assert.Equal(["conversion proportion", "latency mean"], summary.Effects.Select(e => $"{e.Metric} {e.Kind}"));
        foreach (var effect in summary.Effects)
        {
            Assert.Equal(("user", "B", 0.3), (effect.Unit, effect.Variant, Math.Round(effect.TrueLift, 9)));
            Assert.Equal((100L, 100L), (effect.Control.N, effect.Treatment.N));
            Assert.Equal(4_000, effect.Control.Points + effect.Treatment.Points);
            Assert.True(effect.Covers, effect.ToString());
            // A user's points are alike: counted as independent, they give a far narrower interval.
            var perEvent = effect.EventInterval!.Value;
            Assert.True(perEvent.Upper - perEvent.Lower < (effect.Upper - effect.Lower) / 1.5, effect.ToString());
        }

        Assert.Contains("effects       2 of 2 intervals cover the true lift over users", summary.ToString());
    }

    private static LoadOptions SteadyOptions(string runId) => new()
    {
        Mode = LoadMode.Steady,
        RunId = runId,
        Rate = 200,
        Interval = TimeSpan.FromMilliseconds(100),
        Seconds = 2,
        Progress = false,
    };
}
