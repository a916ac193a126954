using System.Text.Json;
using System.Text.Json.Serialization;

namespace TSMetrics.Gateway.Api.Contracts;

/// <summary>
/// A point's value as it was sent: a JSON number, or for a categorical point the JSON string ("paypal").
/// </summary>
[JsonConverter(typeof(PointValueConverter))]
public readonly record struct PointValue(double Number, string? Category)
{
    public static PointValue Of(double number, string? category) => new(number, category);
}

/// <summary>Writes a <see cref="PointValue"/> as a bare number or string, and reads either back.</summary>
public sealed class PointValueConverter : JsonConverter<PointValue>
{
    public override PointValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? new PointValue(0, reader.GetString()) : new PointValue(reader.GetDouble(), null);

    public override void Write(Utf8JsonWriter writer, PointValue value, JsonSerializerOptions options)
    {
        if (value.Category is not null) writer.WriteStringValue(value.Category);
        else writer.WriteNumberValue(value.Number);
    }
}
