using System.Text.Json;

namespace TSMetrics.Gateway.Api.Answers;

/// <summary>The property names of series answers, encoded once.</summary>
internal static class SeriesNames
{
    public static readonly JsonEncodedText T = JsonEncodedText.Encode("t");
    public static readonly JsonEncodedText Count = JsonEncodedText.Encode("count");
    public static readonly JsonEncodedText Avg = JsonEncodedText.Encode("avg");
    public static readonly JsonEncodedText Min = JsonEncodedText.Encode("min");
    public static readonly JsonEncodedText Max = JsonEncodedText.Encode("max");
    public static readonly JsonEncodedText Sum = JsonEncodedText.Encode("sum");
    public static readonly JsonEncodedText Users = JsonEncodedText.Encode("users");
    public static readonly JsonEncodedText Quantiles = JsonEncodedText.Encode("quantiles");
    public static readonly JsonEncodedText Categories = JsonEncodedText.Encode("categories");
    public static readonly JsonEncodedText Share = JsonEncodedText.Encode("share");
    public static readonly JsonEncodedText Variant = JsonEncodedText.Encode("variant");
    public static readonly JsonEncodedText Buckets = JsonEncodedText.Encode("buckets");
}
