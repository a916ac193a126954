using TSMetrics.LoadGen;

// Usage: TSMetrics.LoadGen [--url http://localhost:5221] [--batch 1000] [--concurrency 16] [--seconds 20] [--series 20] [--compact] [--no-users]
var settings = LoadSettings.Parse(args);
Console.WriteLine($"Ingest against {settings.Url}: {(settings.Compact ? "compact" : "object")} batches of {settings.BatchSize}, {settings.Concurrency} in flight, {settings.Seconds} s, {settings.Series} series; live queries alongside.");
var report = await LoadRun.RunAsync(settings);
Console.WriteLine(report);
return report.Rejected == 0 && report.Failed == 0 ? 0 : 1;
