using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>
/// Reads an ingest body with <see cref="Utf8JsonReader"/>, straight into <see cref="RawPoint"/>s: no DOM,
/// no per-point objects, names and string values interned. Accepts one point, an array of points, or
/// <c>{"test", "metric", "variant", "points": [...]}</c> whose points may be objects or compact
/// <c>[timestamp, value]</c> pairs. Field aliases of the predecessors are read too (name, ts, abTest).
/// Type problems become field errors; broken JSON becomes one error on "body".
/// </summary>
internal static class PointBatchParser
{
    private const int MaxDepth = 16;

    public static void Parse(ReadOnlySpan<byte> body, IngestOptions options, ParsedBatch batch, IngestErrors errors)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        var names = new NameCache();
        var categories = new CategoryReader(options.MaxStringValueLength);
        try
        {
            if (!reader.Read())
            {
                errors.Add("body", "is empty; send a point, an array of points, or {\"points\": [...]}.");
                return;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    ReadPoints(ref reader, body, options, batch, errors, names, categories);
                    break;
                case JsonTokenType.StartObject:
                    ReadTopObject(ref reader, body, options, batch, errors, names, categories);
                    break;
                default:
                    errors.Add("body", "must be a point object, an array of points, or {\"points\": [...]}.");
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
            // The reader validates UTF-8 but leaves escaped lone surrogates (\ud800) for GetString to refuse.
            errors.Add("body", $"has a string that is not valid Unicode (invalid UTF-8 or a lone surrogate escape) near byte {reader.TokenStartIndex}.");
        }
    }

    private static void ReadTopObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, IngestOptions options, ParsedBatch batch, IngestErrors errors, NameCache names, CategoryReader categories)
    {
        var top = new RawPoint();
        var isContainer = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("points"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    errors.Add("points", "must be an array of points.");
                    reader.Skip();
                    continue;
                }

                isContainer = true;
                ReadPoints(ref reader, body, options, batch, errors, names, categories);
                continue;
            }

            if (reader.ValueTextEquals("batchId"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String) batch.BatchId = reader.GetString();
                else
                {
                    errors.Add("batchId", $"must be a string, not {Describe(reader.TokenType)}.");
                    reader.Skip();
                }

                continue;
            }

            ReadField(ref reader, body, ref top, -1, options, batch, errors, names, categories);
        }

        if (isContainer)
        {
            if (top.HasValue) errors.Add("value", "belongs to each point, not to the batch.");
            batch.Defaults = top;
            return;
        }

        batch.IsSinglePoint = true;
        batch.Points.Add(top);
    }

    private static void ReadPoints(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, IngestOptions options, ParsedBatch batch, IngestErrors errors, NameCache names, CategoryReader categories)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var index = batch.Points.Count;
            if (index >= options.MaxPointsPerBatch)
            {
                errors.Add("points", $"has more than {options.MaxPointsPerBatch} points; split the batch.");
                reader.Skip();
                continue;
            }

            var point = new RawPoint();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        ReadField(ref reader, body, ref point, index, options, batch, errors, names, categories);
                    break;
                case JsonTokenType.StartArray:
                    ReadCompactPoint(ref reader, ref point, index, batch, errors, categories);
                    break;
                default:
                    errors.Add($"points[{index}]", "must be a point object or a [timestamp, value] pair.");
                    reader.Skip();
                    break;
            }

            batch.Points.Add(point);
        }
    }

    private static void ReadCompactPoint(ref Utf8JsonReader reader, ref RawPoint point, int index, ParsedBatch batch, IngestErrors errors, CategoryReader categories)
    {
        var position = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (position == 0) ReadTimestamp(ref reader, ref point, new FieldPath(batch, index, "timestamp"), errors);
            else if (position == 1) ReadValue(ref reader, ref point, new FieldPath(batch, index, "value"), errors, categories);
            else reader.Skip();
            position++;
        }

        if (position != 2) errors.Add($"points[{index}]", "a compact point is exactly [timestamp, value].");
    }

    private static void ReadField(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ref RawPoint point, int index, IngestOptions options, ParsedBatch batch, IngestErrors errors, NameCache names, CategoryReader categories)
    {
        if (reader.ValueTextEquals("value"u8))
        {
            reader.Read();
            ReadValue(ref reader, ref point, new FieldPath(batch, index, "value"), errors, categories);
        }
        else if (reader.ValueTextEquals("metric"u8) || reader.ValueTextEquals("name"u8) || reader.ValueTextEquals("metricName"u8))
        {
            reader.Read();
            point.Metric = ReadName(ref reader, new FieldPath(batch, index, "metric"), errors, names);
        }
        else if (reader.ValueTextEquals("test"u8) || reader.ValueTextEquals("abTest"u8) || reader.ValueTextEquals("abTestName"u8))
        {
            reader.Read();
            point.Test = ReadName(ref reader, new FieldPath(batch, index, "test"), errors, names);
        }
        else if (reader.ValueTextEquals("variant"u8))
        {
            reader.Read();
            point.Variant = ReadName(ref reader, new FieldPath(batch, index, "variant"), errors, names);
        }
        else if (reader.ValueTextEquals("timestamp"u8) || reader.ValueTextEquals("ts"u8) || reader.ValueTextEquals("time"u8))
        {
            reader.Read();
            ReadTimestamp(ref reader, ref point, new FieldPath(batch, index, "timestamp"), errors);
        }
        else if (reader.ValueTextEquals("userId"u8) || reader.ValueTextEquals("user_id"u8))
        {
            reader.Read();
            point.UserId = ReadUserId(ref reader, new FieldPath(batch, index, "userId"), errors);
        }
        else if (reader.ValueTextEquals("tags"u8))
        {
            reader.Read();
            point.TagsJson = ReadTags(ref reader, body, options, new FieldPath(batch, index, "tags"), errors);
        }
        else
        {
            // Unknown fields are ignored, so that older gateways accept newer clients.
            reader.Read();
            reader.Skip();
        }
    }

    /// <summary>A JSON number is a numeric value; a JSON string is a string (categorical) value, as sent, even "23.5".</summary>
    internal static void ReadValue(ref Utf8JsonReader reader, ref RawPoint point, FieldPath path, IngestErrors errors, CategoryReader categories)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetDouble(out var value) && double.IsFinite(value))
            {
                point.Value = value;
                point.Category = null;
                point.HasValue = true;
            }
            else
            {
                errors.Add(path.Text, "must be a finite number within the range of a double.");
            }

            return;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            if (categories.Read(ref reader, path, errors) is not { } category) return;
            point.Value = 0;
            point.Category = category;
            point.HasValue = true;
            return;
        }

        errors.Add(path.Text, $"must be a finite number or a string, not {Describe(reader.TokenType)}.");
        reader.Skip();
    }

    internal static string? ReadName(ref Utf8JsonReader reader, FieldPath path, IngestErrors errors, NameCache names)
    {
        if (reader.TokenType == JsonTokenType.String) return IsStorableText(ref reader, path, errors) ? names.Get(ref reader) : null;
        if (reader.TokenType == JsonTokenType.Null) return null;
        errors.Add(path.Text, $"must be a string, not {Describe(reader.TokenType)}.");
        reader.Skip();
        return null;
    }

    private static string? ReadUserId(ref Utf8JsonReader reader, FieldPath path, IngestErrors errors)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return IsStorableText(ref reader, path, errors) ? reader.GetString() : null;
            case JsonTokenType.Number:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            case JsonTokenType.Null:
                return null;
            default:
                errors.Add(path.Text, $"must be a string or a number, not {Describe(reader.TokenType)}.");
                reader.Skip();
                return null;
        }
    }

    internal static void ReadTimestamp(ref Utf8JsonReader reader, ref RawPoint point, FieldPath path, IngestErrors errors)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return;
            case JsonTokenType.Number when reader.TryGetDouble(out var seconds):
                SetUnixSeconds(ref point, seconds, path, errors);
                return;
            case JsonTokenType.String:
                if (reader.TryGetDateTime(out var time))
                {
                    point.TimeMicros = Timestamps.ToMicros(time);
                    point.HasTime = true;
                }
                else if (Utf8Parser.TryParse(reader.ValueSpan, out double text, out var used) && used == reader.ValueSpan.Length)
                {
                    SetUnixSeconds(ref point, text, path, errors);
                }
                else if (Timestamps.TryParseIso(reader.GetString(), out var micros))
                {
                    // Forms the reader does not take but PostgreSQL does ("2016-01-01 10:00:00+02"), as predecessors sent them.
                    point.TimeMicros = micros;
                    point.HasTime = true;
                }
                else
                {
                    errors.Add(path.Text, "must be ISO-8601 (2026-11-23T08:00:00.250Z) or unix seconds.");
                }

                return;
            default:
                errors.Add(path.Text, $"must be ISO-8601 text or unix seconds, not {Describe(reader.TokenType)}.");
                reader.Skip();
                return;
        }
    }

    private static void SetUnixSeconds(ref RawPoint point, double seconds, FieldPath path, IngestErrors errors)
    {
        if (!Timestamps.TryFromUnixSeconds(seconds, out var micros))
        {
            errors.Add(path.Text, "unix seconds out of range.");
            return;
        }

        point.TimeMicros = micros;
        point.HasTime = true;
    }

    private static string? ReadTags(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, IngestOptions options, FieldPath path, IngestErrors errors)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            errors.Add(path.Text, $"must be a JSON object, not {Describe(reader.TokenType)}.");
            reader.Skip();
            return null;
        }

        var start = (int)reader.TokenStartIndex;
        var depth = reader.CurrentDepth;
        var count = 0;
        var storable = true;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1) count++;
            if (storable && reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String) storable = IsStorableText(ref reader, path, errors);
        }

        if (!storable) return null;

        var length = (int)reader.BytesConsumed - start;
        if (count > options.MaxTagsPerPoint)
        {
            errors.Add(path.Text, $"has {count} tags; at most {options.MaxTagsPerPoint} are allowed.");
            return null;
        }

        if (length > options.MaxTagsBytes)
        {
            errors.Add(path.Text, $"is {length} bytes of JSON; at most {options.MaxTagsBytes} are allowed.");
            return null;
        }

        return Encoding.UTF8.GetString(body.Slice(start, length));
    }

    /// <summary>
    /// PostgreSQL text and jsonb refuse NUL and unpaired surrogates, and one refused row would fail the whole
    /// journal write it shares with other requests: such strings are rejected here, naming the field. Only
    /// escaped strings can hold them (the reader already refuses raw control characters and invalid UTF-8).
    /// </summary>
    internal static bool IsStorableText(ref Utf8JsonReader reader, FieldPath path, IngestErrors errors)
    {
        if (!reader.ValueIsEscaped) return true;
        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            errors.Add(path.Text, "has an unpaired surrogate escape (\\ud800-\\udfff); send valid Unicode.");
            return false;
        }

        if (!text.Contains('\0', StringComparison.Ordinal)) return true;
        errors.Add(path.Text, "contains the NUL character (\\u0000), which cannot be stored.");
        return false;
    }

    internal static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => token.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
