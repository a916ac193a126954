using TSMetrics.LoadGen;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception exception) when (exception is ArgumentException or FormatException or UriFormatException)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 64;
}

using var http = LoadGenerator.CreateClient(options);
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupt.Cancel();
};

Console.WriteLine($"{options.Mode} load against {options.Url}: tests {options.Tests} x metrics {options.Metrics} x variants {options.Variants}, " +
                  $"batches of {options.BatchSize}, {options.Concurrency} in flight, true lift {options.Effect:P1}, run id {options.RunId}");
var summary = await LoadGenerator.RunAsync(options, http, Console.Out, cancellationToken: interrupt.Token);
Console.WriteLine(summary);
return summary.ExitCode;
