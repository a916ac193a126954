using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace TSMetrics.CsvLoader;

/// <summary>
/// Streams a CSV into TSMetrics: reads a row at a time, turns every reading cell into a point of its
/// metric, and sends batches of <see cref="CsvLoadOptions.BatchSize"/> points, at most
/// <see cref="CsvLoadOptions.Concurrency"/> at once. Numbers and strings go in separate batches, so a
/// server that refuses string values (or starts storing them on a rerun) never changes what happens to
/// the numbers, whose batches keep their keys.
/// </summary>
public static class CsvLoad
{
    public static HttpClient CreateClient(CsvLoadOptions options)
    {
        var http = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(60) };
        if (options.ApiKey is { } key) http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    /// <summary>Loads the file; throws <see cref="ArgumentException"/> for a header that does not fit the options.</summary>
    public static async Task<CsvLoadSummary> RunAsync(CsvLoadOptions options, HttpClient http, TextWriter log, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var summary = new CsvLoadSummary(options.MaxReported);
        using var input = options.File == "-" ? new StreamReader(Console.OpenStandardInput()) : new StreamReader(options.File);
        var reader = new CsvRecordReader(input);
        var row = new List<string>();
        if (!reader.TryRead(row)) throw new ArgumentException($"{options.File} is empty: the first line must be the header.");
        var mapping = ColumnMapping.Of(row, options);
        using var state = new LoadState(options.StateFile);
        var sender = new BatchSender(http, options, state, summary, log);
        using var slots = new SemaphoreSlim(options.Concurrency);
        var inFlight = new List<Task>();
        var numbers = new List<CsvPoint>();
        var strings = new List<CsvPoint>();
        var scratch = new StringBuilder();

        async Task DispatchAsync(List<CsvPoint> batch)
        {
            await slots.WaitAsync(cancellationToken);
            inFlight.RemoveAll(task => task.IsCompleted);
            inFlight.Add(SendAsync(batch));
        }

        async Task SendAsync(List<CsvPoint> batch)
        {
            try
            {
                await sender.SendAsync(batch, cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        }

        while (reader.TryRead(row))
        {
            if (row.Count == 1 && row[0].Length == 0) continue; // a blank line
            if (summary.Rows >= options.MaxRows) break;
            summary.Rows++;
            var (seconds, timeText) = Time(ColumnMapping.Cell(row, mapping.TimeIndex), options.TimeInMilliseconds);
            var tags = options.Target == Target.Points
                ? mapping.TagIndexes.Select(i => KeyValuePair.Create(mapping.ColumnName(i), ColumnMapping.Cell(row, i))).ToArray()
                : [];
            foreach (var column in mapping.ValueIndexes)
            {
                var reading = Reading.Of(ColumnMapping.Cell(row, column));
                if (reading.Kind == ReadingKind.Empty)
                {
                    summary.EmptyCells++;
                    continue;
                }

                summary.Readings++;
                var batch = reading.Kind == ReadingKind.String ? strings : numbers;
                batch.Add(new CsvPoint(mapping.MetricName(row, column, scratch), seconds, timeText, reading, tags, reader.Line, mapping.ColumnName(column)));
                if (batch.Count < options.BatchSize) continue;
                await DispatchAsync(batch);
                if (reading.Kind == ReadingKind.String) strings = [];
                else numbers = [];
            }
        }

        if (numbers.Count > 0) await DispatchAsync(numbers);
        if (strings.Count > 0) await DispatchAsync(strings);
        await Task.WhenAll(inFlight);
        summary.Elapsed = Stopwatch.GetElapsedTime(started);
        return summary;
    }

    // A number is unix time (seconds, or milliseconds with --time-unit ms); anything else goes to the server as text.
    private static (double?, string) Time(string cell, bool milliseconds)
    {
        var text = cell.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            return (milliseconds ? number / 1000 : number, text);
        return (null, text);
    }
}
