using System.Text.Json;

namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>
/// Turns repeated names (tests, metrics, variants) into one string each per request: a batch of thousands
/// of points usually names a handful of series, so this saves a string allocation per point and field.
/// </summary>
internal sealed class NameCache
{
    private const int Capacity = 64;
    private readonly byte[][] _utf8 = new byte[Capacity][];
    private readonly string[] _names = new string[Capacity];
    private int _count;

    public string Get(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence) return reader.GetString()!;
        var span = reader.ValueSpan;
        for (var i = 0; i < _count; i++)
            if (span.SequenceEqual(_utf8[i])) return _names[i];
        var name = reader.GetString()!;
        if (_count < Capacity && span.Length <= 256)
        {
            _utf8[_count] = span.ToArray();
            _names[_count++] = name;
        }

        return name;
    }
}
