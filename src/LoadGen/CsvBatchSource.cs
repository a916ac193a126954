using System.Globalization;

namespace TSMetrics.LoadGen;

/// <summary>
/// Points from a CSV file with a header: test, metric, variant, value, and optionally timestamp (ISO-8601
/// or unix seconds; empty means the time of receipt) and userId. Rows are sent in file order, BatchSize per request.
/// </summary>
public sealed class CsvBatchSource : IBatchSource, IDisposable
{
    private readonly object _gate = new();
    private readonly StreamReader _file;
    private readonly int _batchSize;
    private readonly int _test, _metric, _variant, _value, _timestamp, _user;
    private int _row = 1;

    public CsvBatchSource(string path, int batchSize)
    {
        _file = new StreamReader(path);
        _batchSize = batchSize;
        var header = CsvLine.Split(_file.ReadLine() ?? throw new InvalidDataException($"{path}: empty file."));
        int Column(string name, bool required)
        {
            var at = header.FindIndex(h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
            return at >= 0 || !required ? at : throw new InvalidDataException($"{path}: the header has no '{name}' column.");
        }

        (_test, _metric, _variant, _value) = (Column("test", true), Column("metric", true), Column("variant", true), Column("value", true));
        (_timestamp, _user) = (Column("timestamp", false), Column("userId", false));
    }

    public LoadBatch? Next(int worker)
    {
        lock (_gate)
        {
            var points = new List<LoadPoint>(_batchSize);
            while (points.Count < _batchSize && _file.ReadLine() is { } line)
            {
                _row++;
                if (line.Length > 0) points.Add(ReadRow(CsvLine.Split(line)));
            }

            return points.Count == 0 ? null : new LoadBatch(points, singleSeries: false);
        }
    }

    public void Dispose() => _file.Dispose();

    private LoadPoint ReadRow(List<string> fields)
    {
        string Field(int column) => column >= 0 && column < fields.Count ? fields[column].Trim() : "";
        if (!double.TryParse(Field(_value), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new InvalidDataException($"Row {_row}: value '{Field(_value)}' is not a number.");
        var timestamp = Field(_timestamp);
        var user = Field(_user);
        return new LoadPoint(Field(_test), Field(_metric), Field(_variant), value,
            timestamp.Length == 0 ? null : UnixSeconds(timestamp), user.Length == 0 ? null : user);
    }

    private double UnixSeconds(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) return seconds;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return time.ToUnixTimeMilliseconds() / 1000.0;
        throw new InvalidDataException($"Row {_row}: timestamp '{text}' is neither ISO-8601 nor unix seconds.");
    }
}
