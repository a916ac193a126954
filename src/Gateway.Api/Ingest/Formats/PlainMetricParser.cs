using System.Text;
using System.Text.Json;

namespace TSMetrics.Gateway.Api.Ingest.Formats;

/// <summary>
/// POST /v1/metrics as the Go metrics server and the Tornado API had it: one point (or an array of them) of
/// a plain metric, <c>{"name", "ts" or "timestamp", "value"}</c> (value a number or a string). Every other key is kept as a tag, raw
/// JSON and all, so GET /v1/metrics can give the point back as it was posted.
/// </summary>
internal static class PlainMetricParser
{
    private const int MaxDepth = 16;
    private static readonly FieldNames Tornado = new(Metric: "name", Timestamp: "ts");
    private static readonly FieldNames GoServer = new(Metric: "name");

    public static void Parse(ReadOnlySpan<byte> body, IngestOptions options, ParsedBatch batch, IngestErrors errors)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        var names = new NameCache();
        var categories = new CategoryReader(options.MaxStringValueLength);
        batch.Names = Tornado;
        try
        {
            if (!reader.Read())
            {
                errors.Add("body", "is empty; send {\"name\": ..., \"ts\": ..., \"value\": ...}.");
                return;
            }

            if (reader.TokenType == JsonTokenType.StartObject)
            {
                batch.IsSinglePoint = true;
                ReadPoint(ref reader, body, options, batch, errors, names, categories);
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (batch.Points.Count >= options.MaxPointsPerBatch)
                    {
                        errors.Add("points", $"has more than {options.MaxPointsPerBatch} points; split the batch.");
                        reader.Skip();
                    }
                    else if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        errors.Add($"points[{batch.Points.Count}]", "must be a JSON object {\"name\", \"ts\", \"value\"}.");
                        reader.Skip();
                        batch.Points.Add(default);
                    }
                    else
                    {
                        ReadPoint(ref reader, body, options, batch, errors, names, categories);
                    }
                }
            }
            else
            {
                errors.Add("body", "must be a JSON object {\"name\", \"ts\", \"value\"} or an array of them.");
                return;
            }

            if (reader.Read()) errors.Add("body", "has content after the end of the JSON value.");
        }
        catch (JsonException exception)
        {
            errors.Add("body", $"is not valid JSON: {exception.Message}");
        }
        catch (InvalidOperationException)
        {
            errors.Add("body", $"has a string that is not valid Unicode (invalid UTF-8 or a lone surrogate escape) near byte {reader.TokenStartIndex}.");
        }
    }

    private static void ReadPoint(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, IngestOptions options, ParsedBatch batch, IngestErrors errors, NameCache names, CategoryReader categories)
    {
        var index = batch.Points.Count;
        var point = new RawPoint();
        StringBuilder? tags = null;
        var tagCount = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                point.Metric = PointBatchParser.ReadName(ref reader, new FieldPath(batch, index, "metric"), errors, names);
            }
            else if (reader.ValueTextEquals("ts"u8) || reader.ValueTextEquals("timestamp"u8))
            {
                if (reader.ValueTextEquals("timestamp"u8)) batch.Names = GoServer;
                var path = new FieldPath(batch, index, "timestamp");
                if (point.HasTime) errors.Add(path.Text, "is given twice; send ts or timestamp, not both.");
                reader.Read();
                PointBatchParser.ReadTimestamp(ref reader, ref point, path, errors);
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                reader.Read();
                PointBatchParser.ReadValue(ref reader, ref point, new FieldPath(batch, index, "value"), errors, categories);
            }
            else
            {
                // Any other key is a tag: its name and value are copied as raw JSON into the tags object.
                var start = (int)reader.TokenStartIndex;
                var key = new FieldPath(batch, index, reader.GetString()!);
                var storable = PointBatchParser.IsStorableText(ref reader, key, errors);
                reader.Read();
                storable &= CheckStrings(ref reader, key, errors);
                if (!storable) continue;
                tags ??= new StringBuilder("{");
                if (tagCount++ > 0) tags.Append(',');
                tags.Append(Encoding.UTF8.GetString(body[start..(int)reader.BytesConsumed]));
            }
        }

        if (tags is not null)
        {
            tags.Append('}');
            if (tagCount > options.MaxTagsPerPoint)
                errors.Add(batch.FieldPath(index, "body"), $"has {tagCount} keys besides name, ts and value (kept as tags); at most {options.MaxTagsPerPoint} are allowed.");
            else if (Encoding.UTF8.GetByteCount(tags.ToString()) > options.MaxTagsBytes)
                errors.Add(batch.FieldPath(index, "body"), $"has more than {options.MaxTagsBytes} bytes of keys besides name, ts and value (kept as tags).");
            else point.TagsJson = tags.ToString();
        }

        batch.Points.Add(point);
    }

    // Tag values may be any JSON; their strings (and nested keys) must still be storable as jsonb.
    private static bool CheckStrings(ref Utf8JsonReader reader, FieldPath key, IngestErrors errors)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
            return reader.TokenType != JsonTokenType.String || PointBatchParser.IsStorableText(ref reader, key, errors);
        var depth = reader.CurrentDepth;
        var storable = true;
        while (reader.Read() && reader.CurrentDepth > depth)
            if (storable && reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String) storable = PointBatchParser.IsStorableText(ref reader, key, errors);
        return storable;
    }
}
