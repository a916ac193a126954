using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace TSMetrics.CsvLoader;

/// <summary>
/// The request body of a batch for its target, and its idempotency key: a hash of the body, so the same
/// rows sent again (a retry, a rerun) carry the same key and the server counts them once.
/// </summary>
public static class BatchBody
{
    public static (byte[] Body, string Key) Encode(IReadOnlyList<CsvPoint> points, Target target)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray(target == Target.Ingest ? "data" : "points");
            foreach (var point in points)
            {
                json.WriteStartObject();
                json.WriteString("metric", point.Metric);
                if (point.UnixSeconds is { } seconds) json.WriteNumber(target == Target.Ingest ? "time" : "timestamp", seconds);
                else json.WriteString(target == Target.Ingest ? "time" : "timestamp", point.TimeText);
                // Strings are sent as they are: the server decides whether it stores them.
                if (point.Reading.Kind == ReadingKind.String) json.WriteString("value", point.Reading.Text);
                else json.WriteNumber("value", point.Reading.Number);
                if (target == Target.Points && point.Tags.Length > 0)
                {
                    json.WriteStartObject("tags");
                    foreach (var (name, value) in point.Tags) json.WriteString(name, value);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var body = buffer.WrittenSpan.ToArray();
        return (body, "csv-" + Convert.ToHexStringLower(SHA256.HashData(body))[..40]);
    }
}
