using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>What the figures were measured on: CPU, memory, OS, runtime, database, commit, and how busy the machine was.</summary>
public static class MachineInfo
{
    public static async Task<string> DescribeAsync(SuiteOptions options, string loadAtStart)
    {
        var lscpu = Run("lscpu", []);
        string Cpu(string field) => lscpu.Split('\n').FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var os = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? "?";
        var commit = Run("git", ["-C", options.RepositoryRoot, "rev-parse", "--short", "HEAD"]).Trim();
        var dirty = Run("git", ["-C", options.RepositoryRoot, "status", "--porcelain", "--untracked-files=no"]).Trim().Length > 0 ? " (with uncommitted changes)" : "";
        string database;
        await using (var connection = new NpgsqlConnection(options.AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT current_setting('server_version') || ', TimescaleDB ' || (SELECT default_version FROM pg_available_extensions WHERE name = 'timescaledb')", connection);
            database = (string?)await command.ExecuteScalarAsync() ?? "?";
        }

        return string.Create(CultureInfo.InvariantCulture, $"""
            | | |
            |---|---|
            | CPU | {Cpu("Model name")}, {Cpu("CPU(s)")} logical CPUs ({Cpu("Thread(s) per core")} thread(s) per core) |
            | Memory | {long.Parse(memory, CultureInfo.InvariantCulture) / 1024.0 / 1024:F1} GiB |
            | OS | {os}, kernel {Environment.OSVersion.Version} |
            | .NET | {RuntimeInformation.FrameworkDescription}, workstation concurrent GC |
            | Database | PostgreSQL {database}, local (`scripts/ensure-timescaledb.sh`, 127.0.0.1:{options.PostgresPort}) |
            | Commit | {commit}{dirty} |
            | Run | {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC (end), {(options.Quick ? "--quick" : "full")}{(options.Soak ? " --soak" : "")} |
            | Load average (1, 5, 15 min) | {loadAtStart} at the start, {LoadAverage()} at the end |
            """);
    }

    public static string LoadAverage() => string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string Run(string file, string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, UseShellExecute = false })!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }
}
