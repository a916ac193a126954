using System.Text.Json;

namespace TSMetrics.Gateway.Api.Ingest.Formats;

/// <summary>
/// POST /ingest as the FastAPI service had it: <c>{"data": [{"time", "metric", "value"}, ...]}</c> (value a number or a string), points
/// of plain metrics. As with its Pydantic model, time and metric are required and unknown keys are ignored.
/// </summary>
internal static class FastApiIngestParser
{
    private const int MaxDepth = 16;
    private static readonly FieldNames Names = new(Points: "data", Timestamp: "time");

    public static void Parse(ReadOnlySpan<byte> body, IngestOptions options, ParsedBatch batch, IngestErrors errors)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        var names = new NameCache();
        var categories = new CategoryReader(options.MaxStringValueLength);
        batch.Names = Names;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                errors.Add("body", "must be a JSON object {\"data\": [{\"time\", \"metric\", \"value\"}, ...]}.");
                return;
            }

            var sawData = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isData = reader.ValueTextEquals("data"u8);
                reader.Read();
                if (!isData)
                {
                    reader.Skip();
                    continue;
                }

                sawData = true;
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    errors.Add("data", $"must be an array of points, not {PointBatchParser.Describe(reader.TokenType)}.");
                    reader.Skip();
                    continue;
                }

                ReadPoints(ref reader, options, batch, errors, names, categories);
            }

            if (!sawData) errors.Add("data", "is required.");
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

    private static void ReadPoints(ref Utf8JsonReader reader, IngestOptions options, ParsedBatch batch, IngestErrors errors, NameCache names, CategoryReader categories)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var index = batch.Points.Count;
            if (index >= options.MaxPointsPerBatch)
            {
                errors.Add("data", $"has more than {options.MaxPointsPerBatch} points; split the batch.");
                reader.Skip();
                continue;
            }

            var point = new RawPoint();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                errors.Add($"data[{index}]", "must be an object {\"time\", \"metric\", \"value\"}.");
                reader.Skip();
            }
            else
            {
                var sawMetric = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("time"u8))
                    {
                        reader.Read();
                        PointBatchParser.ReadTimestamp(ref reader, ref point, new FieldPath(batch, index, "timestamp"), errors);
                    }
                    else if (reader.ValueTextEquals("metric"u8))
                    {
                        sawMetric = true;
                        reader.Read();
                        point.Metric = PointBatchParser.ReadName(ref reader, new FieldPath(batch, index, "metric"), errors, names);
                    }
                    else if (reader.ValueTextEquals("value"u8))
                    {
                        reader.Read();
                        PointBatchParser.ReadValue(ref reader, ref point, new FieldPath(batch, index, "value"), errors, categories);
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }

                // Required, as in the predecessor's Pydantic model; all of them are reported at once, as Pydantic does.
                if (!point.HasTime) errors.Add(batch.FieldPath(index, "timestamp"), "is required.");
                if (!sawMetric) errors.Add(batch.FieldPath(index, "metric"), "is required.");
            }

            batch.Points.Add(point);
        }
    }
}
