using System.Globalization;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;

namespace TSMetrics.Gateway.Api.Otlp;

/// <summary>The test, variant and user of a point: its own attributes first, then what it inherits.</summary>
internal readonly record struct OtlpFlags(string? Test, string? Variant, string? UserId)
{
    public static OtlpFlags Find(RepeatedField<KeyValue>? attributes, OtlpMapper mapper, OtlpFlags inherited)
    {
        if (attributes is null || attributes.Count == 0) return inherited;
        return new OtlpFlags(
            Lookup(attributes, mapper.TestKeys) ?? inherited.Test,
            Lookup(attributes, mapper.VariantKeys) ?? inherited.Variant,
            Lookup(attributes, mapper.UserKeys) ?? inherited.UserId);
    }

    // Keys in configured order; strings as given, integers and booleans as their text ("42", "true").
    private static string? Lookup(RepeatedField<KeyValue> attributes, string[] keys)
    {
        // Indexed loops: RepeatedField's enumerator is a class, and this runs for every data point.
        foreach (var key in keys)
            for (var i = 0; i < attributes.Count; i++)
            {
                var attribute = attributes[i];
                if (!string.Equals(attribute.Key, key, StringComparison.Ordinal) || attribute.Value is not { } value) continue;
                switch (value.ValueCase)
                {
                    case AnyValue.ValueOneofCase.StringValue when value.StringValue.Length > 0:
                        return value.StringValue;
                    case AnyValue.ValueOneofCase.IntValue:
                        return value.IntValue.ToString(CultureInfo.InvariantCulture);
                    case AnyValue.ValueOneofCase.BoolValue:
                        return value.BoolValue ? "true" : "false";
                }
            }

        return null;
    }
}
