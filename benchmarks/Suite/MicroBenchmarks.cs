using System.Diagnostics;
using System.Net;
using System.Text;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>Figure 6: runs the BenchmarkDotNet project (before any service starts) and collects its GitHub-markdown tables.</summary>
public static class MicroBenchmarks
{
    public static async Task<string> RunAsync(SuiteOptions options)
    {
        var artifacts = Path.Combine(options.ArtifactsDirectory, "micro");
        if (Directory.Exists(artifacts)) Directory.Delete(artifacts, recursive: true);
        var arguments = new List<string> { "TSMetrics.Benchmarks.Micro.dll", "--filter", "*", "--artifacts", artifacts };
        if (options.Quick) arguments.Add("--quick");
        var info = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = Path.Combine(options.RepositoryRoot, "benchmarks", "Micro", "bin", "Release", "net10.0"),
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        await File.WriteAllTextAsync(Path.Combine(options.ArtifactsDirectory, "micro.log"), output);
        if (process.ExitCode != 0) throw new InvalidOperationException($"The micro-benchmarks failed ({process.ExitCode}); see artifacts/bench/micro.log.");

        var text = new StringBuilder("""
            ## 6. Micro-benchmarks of the hot paths

            BenchmarkDotNet 0.15.8, in process, `[MemoryDiagnoser]` (`benchmarks/Micro`), run before the services start.
            A request body of 1,000 points of one series with two variants, user ids and timestamps, as LoadGen sends it.
            Mean, error (half the 99.9% interval), allocations per operation.

            """);
        foreach (var file in Directory.GetFiles(Path.Combine(artifacts, "results"), "*-report-github.md").Order())
        {
            text.AppendLine().AppendLine(Heading(Path.GetFileName(file))).AppendLine();
            foreach (var line in File.ReadLines(file).Where(l => l.StartsWith('|')))
                text.AppendLine(WebUtility.HtmlDecode(line.Replace("**", "")));
            text.AppendLine();
        }

        var environment = output.Split('\n').SkipWhile(l => !l.StartsWith("BenchmarkDotNet v", StringComparison.Ordinal)).Take(4);
        text.AppendLine("```").AppendLine(string.Join('\n', environment).TrimEnd()).AppendLine("```");
        return text.ToString();
    }

    private static string Heading(string file) =>
        "**" + file.Replace("TSMetrics.Benchmarks.Micro.", "").Replace("-report-github.md", "") + "**";
}
