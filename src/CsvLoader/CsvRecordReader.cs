using System.Text;

namespace TSMetrics.CsvLoader;

/// <summary>
/// Reads CSV records one at a time from a stream (RFC 4180: commas, double quotes, "" inside quotes,
/// line breaks inside quoted fields), so a file of any size is never held in memory.
/// </summary>
public sealed class CsvRecordReader(TextReader reader)
{
    private readonly StringBuilder _field = new();

    /// <summary>The line the last record started on (1-based, the header is line 1).</summary>
    public long Line { get; private set; }

    private long _nextLine = 1;

    /// <summary>Fills <paramref name="fields"/> with the next record; false at the end of the input.</summary>
    public bool TryRead(List<string> fields)
    {
        fields.Clear();
        _field.Clear();
        Line = _nextLine;
        var c = reader.Read();
        if (c < 0) return false;
        var quoted = false;
        while (true)
        {
            if (c < 0)
            {
                fields.Add(_field.ToString());
                return true;
            }

            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') _field.Append((char)reader.Read());
                    else quoted = false;
                }
                else
                {
                    if (ch == '\n') _nextLine++;
                    _field.Append(ch);
                }
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',')
            {
                fields.Add(_field.ToString());
                _field.Clear();
            }
            else if (ch is '\n' or '\r')
            {
                if (ch == '\r' && reader.Peek() == '\n') reader.Read();
                _nextLine++;
                fields.Add(_field.ToString());
                return true;
            }
            else _field.Append(ch);

            c = reader.Read();
        }
    }
}
