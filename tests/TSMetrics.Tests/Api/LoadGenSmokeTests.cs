using TSMetrics.LoadGen;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

/// <summary>The load generator against the real gateway and cluster: a short steady run verifies, and a missing point fails it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LoadGenSmokeTests(ClusterFixture fixture)
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
