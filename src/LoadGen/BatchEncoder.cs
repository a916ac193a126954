using System.Buffers;
using System.Text.Json;

namespace TSMetrics.LoadGen;

/// <summary>
/// Writes a batch as the request body the gateway reads: one point object for a batch of one, the compact
/// <c>{"test","metric","variant","points":[[t, v], ...]}</c>, the <c>{"test","metric","points":[...]}</c>
/// envelope for one series, or an array of full points for mixed series (CSV).
/// </summary>
public static class BatchEncoder
{
    public static void Write(LoadBatch batch, bool compact, IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        var points = batch.Points;
        if (points.Count == 1)
        {
            WritePoint(json, points[0], withSeries: true);
        }
        else if (!batch.SingleSeries)
        {
            json.WriteStartArray();
            foreach (var point in points) WritePoint(json, point, withSeries: true);
            json.WriteEndArray();
        }
        else
        {
            json.WriteStartObject();
            json.WriteString("test", points[0].Test);
            json.WriteString("metric", points[0].Metric);
            if (compact) json.WriteString("variant", points[0].Variant);
            json.WriteStartArray("points");
            foreach (var point in points)
            {
                if (compact)
                {
                    json.WriteStartArray();
                    json.WriteNumberValue(point.UnixSeconds ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
                    json.WriteNumberValue(point.Value);
                    json.WriteEndArray();
                }
                else
                {
                    WritePoint(json, point, withSeries: false);
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.Flush();
    }

    private static void WritePoint(Utf8JsonWriter json, in LoadPoint point, bool withSeries)
    {
        json.WriteStartObject();
        if (withSeries)
        {
            json.WriteString("test", point.Test);
            json.WriteString("metric", point.Metric);
        }

        json.WriteString("variant", point.Variant);
        json.WriteNumber("value", point.Value);
        if (point.UnixSeconds is { } time) json.WriteNumber("timestamp", time);
        if (point.UserId is not null) json.WriteString("userId", point.UserId);
        json.WriteEndObject();
    }
}
