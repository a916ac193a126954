using System.Buffers;
using System.Text.Json;

namespace TSMetrics.Client;

/// <summary>
/// Writes one series' points in the gateway's compact shape:
/// <c>{"batchId", "test", "metric", "variant", "points": [[timestamp, value], ...]}</c>; a point with a user id
/// is an object <c>{"timestamp", "value", "userId"}</c> in the same array. Plain metrics leave out test and variant.
/// </summary>
internal static class BatchEncoder
{
    public static void Write(IReadOnlyList<BufferedPoint> points, string batchId, ArrayBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output);
        var first = points[0];
        json.WriteStartObject();
        json.WriteString("batchId"u8, batchId);
        if (first.Test.Length > 0) json.WriteString("test"u8, first.Test);
        json.WriteString("metric"u8, first.Metric);
        if (first.Variant.Length > 0) json.WriteString("variant"u8, first.Variant);
        json.WriteStartArray("points"u8);
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            if (point.UserId is null)
            {
                json.WriteStartArray();
                json.WriteStringValue(point.Timestamp.UtcDateTime);
                json.WriteNumberValue(point.Value);
                json.WriteEndArray();
                continue;
            }

            json.WriteStartObject();
            json.WriteString("timestamp"u8, point.Timestamp.UtcDateTime);
            json.WriteNumber("value"u8, point.Value);
            json.WriteString("userId"u8, point.UserId);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
