namespace TSMetrics.CsvLoader;

/// <summary>
/// One reading on its way: the metric, the time cell (unix seconds as a number, else the text for the
/// server to read), the reading, the tags (native target), and where it came from, for reports.
/// </summary>
public sealed record CsvPoint(string Metric, double? UnixSeconds, string TimeText, Reading Reading, KeyValuePair<string, string>[] Tags, long Line, string Column);
