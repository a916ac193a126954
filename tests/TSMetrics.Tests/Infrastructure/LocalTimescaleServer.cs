using System.Diagnostics;

namespace TSMetrics.Tests.Infrastructure;

/// <summary>
/// A TimescaleDB server of the test's own (another cluster in the local install), so a test can stop and
/// start its database without disturbing the tests that share the main one.
/// </summary>
public sealed class LocalTimescaleServer(string name, int port)
{
    public int Port => port;

    public Task StartAsync() => RunAsync("");

    public Task StopAsync() => RunAsync("stop");

    private async Task RunAsync(string argument)
    {
        // Output goes to a file: a server started here would otherwise hold a redirected pipe open for ever.
        var log = Path.Combine(Path.GetTempPath(), $"tsmetrics-{name}-server.log");
        var info = new ProcessStartInfo("bash", ["-c", $"scripts/ensure-timescaledb.sh {argument} >>'{log}' 2>&1"])
        {
            WorkingDirectory = ServiceProcess.RepositoryRoot(),
        };
        info.Environment["TSMETRICS_PG_CLUSTER"] = name;
        info.Environment["TSMETRICS_PG_PORT"] = port.ToString();
        using var process = Process.Start(info)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ensure-timescaledb.sh {argument} failed; see {log}");
    }
}
