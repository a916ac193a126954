using System.Globalization;
using System.Text.RegularExpressions;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>
/// A silo or gateway process of the suite: the tests' <see cref="ServiceProcess"/> with its output in a log file
/// under artifacts/bench and its heap reports collected; stopped with SIGTERM so the silo leaves storage tidy.
/// </summary>
public sealed partial class ServiceHost : IAsyncDisposable
{
    private readonly StreamWriter _log;
    private readonly List<HeapReading> _heap = [];
    private ServiceProcess _process = null!;

    private ServiceHost(StreamWriter log) => _log = log;

    public int Pid => _process.Pid;

    public static ServiceHost Start(SuiteOptions options, string project, string assembly, IReadOnlyDictionary<string, string> environment, string logName)
    {
        Directory.CreateDirectory(options.ArtifactsDirectory);
        var host = new ServiceHost(new StreamWriter(Path.Combine(options.ArtifactsDirectory, logName)) { AutoFlush = true });
        host._process = ServiceProcess.Start(project, assembly, environment, host.Append);
        return host;
    }

    public Task WaitForTcpAsync(int port, TimeSpan timeout) => _process.WaitForTcpAsync(port, timeout);

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

    public static int FreePort() => ServiceProcess.FreePort();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StopAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            // Disposing kills it.
        }

        _process.Dispose();
        lock (_log) _log.Dispose();
    }

    private void Append(string line)
    {
        lock (_log)
        {
            if (_log.BaseStream.CanWrite) _log.WriteLine(line);
        }

        if (HeapLine().Match(line) is { Success: true } match)
        {
            lock (_heap)
                _heap.Add(new HeapReading(DateTime.UtcNow, Bytes(match.Groups[1]), Bytes(match.Groups[2]), Bytes(match.Groups[3])));
        }
    }

    private static long Bytes(Group group) => long.Parse(group.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"managed heap (\d+) bytes after a full collection, working set (\d+) bytes; \d+ active series estimated to hold (\d+) bytes")]
    private static partial Regex HeapLine();
}
