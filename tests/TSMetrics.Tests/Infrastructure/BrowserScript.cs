using System.Diagnostics;

namespace TSMetrics.Tests.Infrastructure;

/// <summary>
/// One run of a dashboard scenario in tests/browser (node + playwright-core + Debian's Chromium), with its
/// output lines readable while it runs, so a test can act on the system between the scenario's steps.
/// </summary>
public sealed class BrowserScript : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly SemaphoreSlim _lineAdded = new(0);

    private BrowserScript(Process process) => _process = process;

    /// <summary>Where scenarios save screenshots: artifacts/dashboard in the repository (ignored by git).</summary>
    public static string ArtifactsFolder => Path.Combine(ServiceProcess.RepositoryRoot(), "artifacts", "dashboard");

    public string Output
    {
        get
        {
            lock (_lines) return string.Join('\n', _lines);
        }
    }

    public static BrowserScript Start(string scenario, string baseUrl)
    {
        var folder = Path.Combine(ServiceProcess.RepositoryRoot(), "tests", "browser");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "playwright-core")))
            throw new InvalidOperationException($"playwright-core is not installed in {folder}: run scripts/ensure-browser.sh (scripts/test.sh does).");

        var info = new ProcessStartInfo("node", ["dashboard.mjs", scenario, baseUrl, ArtifactsFolder])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var script = new BrowserScript(new Process { StartInfo = info });
        script._process.OutputDataReceived += (_, e) => script.Append(e.Data);
        script._process.ErrorDataReceived += (_, e) => script.Append(e.Data);
        script._process.Start();
        script._process.BeginOutputReadLine();
        script._process.BeginErrorReadLine();
        return script;
    }

    /// <summary>Waits until the scenario printed a line starting with <paramref name="prefix"/>.</summary>
    public async Task WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_lines)
                if (_lines.Any(line => line.StartsWith(prefix, StringComparison.Ordinal))) return;
            var left = deadline - DateTime.UtcNow;
            if (_process.HasExited && _lineAdded.CurrentCount == 0) throw new Xunit.Sdk.XunitException($"The scenario ended without printing '{prefix}':\n{Output}");
            if (left <= TimeSpan.Zero || !await _lineAdded.WaitAsync(left))
                throw new Xunit.Sdk.XunitException($"The scenario did not print '{prefix}' within {timeout}:\n{Output}");
        }
    }

    /// <summary>Waits for the scenario to end and asserts it passed; returns its output.</summary>
    /// <summary>Waits for the scenario to end (failing the test if it runs past <paramref name="timeout"/>) and returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"The scenario did not end within {timeout}:\n{Output}");
        }

        return (_process.ExitCode, Output);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
        _lineAdded.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_lines) _lines.Add(line);
        _lineAdded.Release();
    }
}
