using TSMetrics.CsvLoader;

CsvLoadOptions options;
try
{
    options = CsvLoadOptions.Parse(args);
}
catch (Exception exception) when (exception is ArgumentException or FormatException or UriFormatException)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(CsvLoadOptions.Usage);
    return 64;
}

using var http = CsvLoad.CreateClient(options);
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupt.Cancel();
};

try
{
    Console.WriteLine($"Loading {options.File} into {options.Url} ({options.Target}), batches of {options.BatchSize}, {options.Concurrency} in flight");
    var summary = await CsvLoad.RunAsync(options, http, Console.Out, interrupt.Token);
    Console.Write(summary);
    return summary.ExitCode;
}
catch (Exception exception) when (exception is ArgumentException or IOException)
{
    Console.Error.WriteLine(exception.Message);
    return 64;
}
