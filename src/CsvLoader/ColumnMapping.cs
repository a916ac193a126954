using System.Text;

namespace TSMetrics.CsvLoader;

/// <summary>
/// Which columns of the header are the time, the identifying tags and the readings, and how a reading's
/// metric name is made (a template of {column} and {TAG}; characters TSMetrics names cannot hold become _).
/// </summary>
public sealed class ColumnMapping
{
    private static readonly string[] DefaultTags = ["device", "device_id", "sensor", "sensor_id"];
    private readonly string[] _header;
    private readonly (string Literal, int Column)[] _template; // Column: -1 literal, -2 the reading's column, else a column index

    private ColumnMapping(string[] header, int time, int[] tags, int[] values, (string, int)[] template)
    {
        _header = header;
        TimeIndex = time;
        TagIndexes = tags;
        ValueIndexes = values;
        _template = template;
    }

    public int TimeIndex { get; }
    public int[] TagIndexes { get; }
    public int[] ValueIndexes { get; }
    public string ColumnName(int index) => _header[index];

    /// <summary>The mapping of a header; throws <see cref="ArgumentException"/> naming a missing column.</summary>
    public static ColumnMapping Of(IReadOnlyList<string> header, CsvLoadOptions options)
    {
        var names = header.Select(h => h.Trim()).ToArray();
        int Find(string column) => Array.FindIndex(names, n => n.Equals(column, StringComparison.OrdinalIgnoreCase)) is var i and >= 0
            ? i : throw new ArgumentException($"the header has no column {column} (it has {string.Join(", ", names)}).");

        var time = Find(options.TimeColumn);
        var tags = options.TagColumns?.Select(Find).ToArray()
                   ?? DefaultTags.Select(t => Array.FindIndex(names, n => n.Equals(t, StringComparison.OrdinalIgnoreCase))).Where(i => i >= 0).ToArray();
        var values = options.ValueColumns?.Select(Find).ToArray()
                     ?? Enumerable.Range(0, names.Length).Where(i => i != time && !tags.Contains(i) && names[i].Length > 0).ToArray();
        if (values.Length == 0) throw new ArgumentException("there are no reading columns (--values).");

        var template = options.MetricTemplate
                       ?? (options.Target == Target.Ingest ? "{column}" + string.Concat(tags.Select(t => $".{{{names[t]}}}")) : "{column}");
        return new ColumnMapping(names, time, tags, values, Parse(template, Find));
    }

    /// <summary>The metric name of the reading in column <paramref name="column"/> of <paramref name="row"/>.</summary>
    public string MetricName(IReadOnlyList<string> row, int column, StringBuilder scratch)
    {
        scratch.Clear();
        foreach (var (literal, source) in _template)
        {
            if (source == -1) scratch.Append(literal);
            else Sanitize(source == -2 ? _header[column] : Cell(row, source), scratch);
        }

        return scratch.ToString();
    }

    public static string Cell(IReadOnlyList<string> row, int index) => index < row.Count ? row[index] : "";

    private static (string, int)[] Parse(string template, Func<string, int> find)
    {
        var parts = new List<(string, int)>();
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf('{', at);
            if (open < 0)
            {
                parts.Add((template[at..], -1));
                break;
            }

            var close = template.IndexOf('}', open);
            if (close < 0) throw new ArgumentException($"--metric {template}: a {{ without }}.");
            if (open > at) parts.Add((template[at..open], -1));
            var name = template[(open + 1)..close];
            parts.Add(("", name == "column" ? -2 : find(name)));
            at = close + 1;
        }

        return [.. parts];
    }

    // TSMetrics names hold letters, digits and _ - . : (so a MAC address stays as it is).
    private static void Sanitize(string text, StringBuilder into)
    {
        foreach (var c in text.Trim()) into.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' ? c : '_');
    }
}
