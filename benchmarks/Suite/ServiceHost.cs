using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>A silo or gateway process started from its Release build, its output in a log file, its heap reports collected.</summary>
public sealed partial class ServiceHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly List<HeapReading> _heap = [];

    private ServiceHost(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public int Pid => _process.Id;

    public static ServiceHost Start(SuiteOptions options, string project, string assembly, IReadOnlyDictionary<string, string> environment, string logName)
    {
        var info = new ProcessStartInfo("dotnet", $"{assembly}.dll")
        {
            WorkingDirectory = Path.Combine(options.RepositoryRoot, "src", project, "bin", "Release", "net10.0"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment) info.Environment[key] = value;
        Directory.CreateDirectory(options.ArtifactsDirectory);
        var log = new StreamWriter(Path.Combine(options.ArtifactsDirectory, logName)) { AutoFlush = true };
        var host = new ServiceHost(new Process { StartInfo = info }, log);
        host._process.OutputDataReceived += (_, e) => host.Append(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        host._process.Start();
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        return host;
    }

    public async Task WaitForTcpAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{_process.StartInfo.Arguments} exited with {_process.ExitCode}; see artifacts/bench.");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(200);
            }
        }

        throw new TimeoutException($"{_process.StartInfo.Arguments}: nothing listened on {port} within {timeout}.");
    }

    /// <summary>The first heap report logged after <paramref name="after"/>.</summary>
    public async Task<HeapReading> HeapReportAfterAsync(DateTime after, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            lock (_heap)
                foreach (var reading in _heap)
                    if (reading.At > after) return reading;
            await Task.Delay(200);
        }

        throw new TimeoutException($"The silo logged no heap report within {timeout}.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first, so the silo flushes and leaves the database tidy.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        lock (_log) _log.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            if (_log.BaseStream.CanWrite) _log.WriteLine(line);
        }

        if (HeapLine().Match(line) is { Success: true } match)
        {
            lock (_heap)
                _heap.Add(new HeapReading(DateTime.UtcNow, long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)));
        }
    }

    [GeneratedRegex(@"managed heap (\d+) bytes after a full collection, working set (\d+) bytes")]
    private static partial Regex HeapLine();
}
