using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using TSMetrics.Gateway.Api.Queries;

namespace TSMetrics.Gateway.Api.Answers;

/// <summary>
/// The buckets of one variant of a cached block as the values of each column of a columnar answer, comma-separated
/// UTF-8 without brackets, so an answer copies them instead of formatting ~6 numbers per bucket again.
/// </summary>
public sealed class EncodedColumns
{
    private static readonly SeriesColumn[] All = Enum.GetValues<SeriesColumn>();
    private readonly byte[][] _values;

    private EncodedColumns(byte[][] values) => _values = values;

    /// <summary>Bytes held.</summary>
    public int Bytes => _values.Sum(v => v.Length);

    public ReadOnlySpan<byte> this[SeriesColumn column] => _values[(int)column];

    public static EncodedColumns Of(BucketAggregate[] buckets, JavaScriptEncoder? encoder)
    {
        var values = new byte[All.Length][];
        var buffer = new ArrayBufferWriter<byte>(buckets.Length * 20 + 2);
        foreach (var column in All)
        {
            buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder }))
            {
                json.WriteStartArray();
                SeriesColumnsWriter.WriteValues(json, buckets, column);
                json.WriteEndArray();
            }

            values[(int)column] = buffer.WrittenSpan[1..^1].ToArray();
        }

        return new EncodedColumns(values);
    }
}
