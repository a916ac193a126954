using System.Globalization;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>CPU time (user + system) of a process from /proc/&lt;pid&gt;/stat, in seconds.</summary>
public static class ProcessCpu
{
    // USER_HZ: 100 on every Linux the SDK supports.
    private const double TicksPerSecond = 100;

    public static double Seconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the command name: state is field 3 of the man page, utime 14 and stime 15.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>CPU seconds per pid now.</summary>
    public static Dictionary<int, double> Snapshot(IEnumerable<int> pids) => pids.Distinct().ToDictionary(pid => pid, Seconds);

    /// <summary>CPU used between two snapshots; pids new in <paramref name="after"/> count whole.</summary>
    public static double Used(Dictionary<int, double> before, Dictionary<int, double> after) =>
        after.Sum(p => p.Value - before.GetValueOrDefault(p.Key));
}
