using TSMetrics.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TSMetrics.Tests.EndToEnd;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium driven by playwright-core) against the real system
/// with demo data. Each test runs one scenario of tests/browser/dashboard.mjs, whose assertions, timings
/// and screenshot paths appear in the test output; screenshots go to artifacts/dashboard.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class DashboardBrowserTests(DashboardSystem system, ITestOutputHelper output) : IClassFixture<DashboardSystem>
{
    private static readonly TimeSpan ScenarioTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public Task TheListShowsTheDemoTestsWithAVerdictPerMetricAndTreatment() => PassesAsync("testList");

    [Fact]
    public Task ATestPageDrawsOneLinePerVariantBesideARowPerVariantInItsComparisonTable() => PassesAsync("testPage");

    [Fact]
    public Task ChangingTheGranularityRedrawsTheChartWithThatManyBuckets() => PassesAsync("granularity");

    [Fact]
    public Task APointPostedWhileATestPageIsOpenShowsInItsChartAndTableWithinTwoSeconds() => PassesAsync("livePoint");

    [Fact]
    public Task APlainMetricPageShowsItsTimelineMovingWithLivePoints() => PassesAsync("metricPage");

    [Fact]
    public Task TheLiftOverTimeIsDrawnWithItsIntervalBandAndTheMomentItLeftZeroAndMovesLive() => PassesAsync("liftChart");

    [Fact]
    public Task AGuardrailAlertRaisedByInjectedTrafficAppearsOnThePageAndAtTheWebhookWithinSeconds() => PassesAsync("alertOnPage");

    [Fact]
    public Task TheTestPageSaysHowLongEachMetricStillNeedsForTheMinimumEffectSetInTheUrl() => PassesAsync("powerFigures");

    [Fact]
    public Task ALatencyMetricDrawsPercentileLinesPerVariantAndListsEachLevelsLiftAndBothMoveLive() => PassesAsync("percentiles");

    [Fact]
    public Task AStringMetricShowsEachValuesSharePerVariantWithTheChiSquareAndShareLiftsAndTheyMoveLive() => PassesAsync("categoryShares");

    [Fact]
    public async Task ThePageSaysWhenTheLiveConnectionDropsAndWhenItIsBack()
    {
        using var script = BrowserScript.Start("reconnect", system.BaseUrl);
        try
        {
            await script.WaitForLineAsync("ready: connected", ScenarioTimeout);
            system.KillGateway();
            await script.WaitForLineAsync("seen: disconnected", TimeSpan.FromSeconds(40));
        }
        finally
        {
            // The other tests of the class need the gateway back, whatever happened here.
            await system.StartGatewayAsync();
        }

        await AssertPassedAsync(script);
    }

    private async Task PassesAsync(string scenario)
    {
        using var script = BrowserScript.Start(scenario, system.BaseUrl);
        await AssertPassedAsync(script);
    }

    // The scenario's own assertions run in node; a non-zero exit is a failed one, named in its output.
    private async Task AssertPassedAsync(BrowserScript script)
    {
        var (exitCode, text) = await script.WaitForExitAsync(ScenarioTimeout);
        output.WriteLine(text);
        Assert.True(exitCode == 0, $"The scenario failed (exit code {exitCode}):\n{text}");
    }
}
