using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TSMetrics.Tests.Infrastructure;

/// <summary>
/// A real silo or gateway process started from its build output, for end-to-end and failure tests and for
/// the benchmark suite (tests/Shared, linked into both). Its output is kept, and given line by line to
/// <c>onLine</c> when the caller wants it too (a log file, say).
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Action<string>? _onLine;

    private ServiceProcess(Process process, Action<string>? onLine)
    {
        _process = process;
        _onLine = onLine;
    }

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts src/{project}/bin/{configuration}/net10.0/{assembly}.dll with the given environment.</summary>
    public static ServiceProcess Start(string project, string assembly, IReadOnlyDictionary<string, string> environment, Action<string>? onLine = null)
    {
        var directory = Path.Combine(RepositoryRoot(), "src", project, "bin", BuildConfiguration(), "net10.0");
        var info = new ProcessStartInfo("dotnet", $"{assembly}.dll")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ";
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var service = new ServiceProcess(new Process { StartInfo = info }, onLine);
        service._process.OutputDataReceived += (_, e) => service.Append(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a machine dies.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as an orchestrator stops a service; waits for the process to exit.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", $"-TERM {_process.Id}")) await kill!.WaitForExitAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The process did not exit within {timeout} of SIGTERM:\n{Output}");
        }
    }

    public int ExitCode => _process.ExitCode;

    public async Task WaitForTcpAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The process exited with {_process.ExitCode} before listening on {port}:\n{Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Nothing listened on {port} within {timeout}:\n{Output}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        _onLine?.Invoke(line);
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "TSMetrics.sln"))) return directory.FullName;
        throw new InvalidOperationException("TSMetrics.sln not found above " + AppContext.BaseDirectory);
    }

    // The test (or benchmark) assembly sits in bin/{configuration}/net10.0: the services were built the same way.
    private static string BuildConfiguration() => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
}
