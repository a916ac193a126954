using System.Diagnostics;
using TSMetrics.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TSMetrics.Tests.Unit;

/// <summary>
/// The dashboard's pure modules (SSE parsing, bucketing live points, time ranges) have node:test tests in
/// src/Dashboard/test; this runs them with the suite so CI counts them.
/// </summary>
public sealed class DashboardModuleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TheDashboardsParsingBucketingAndRangeModulesPassTheirNodeTests()
    {
        var info = new ProcessStartInfo("node", ["--test", "test/"])
        {
            WorkingDirectory = Path.Combine(ServiceProcess.RepositoryRoot(), "src", "Dashboard"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(info)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var text = await stdout + await stderr;
        output.WriteLine(text);

        Assert.True(node.ExitCode == 0, $"node --test failed:\n{text}");
        Assert.Contains("# fail 0", text);
    }
}
