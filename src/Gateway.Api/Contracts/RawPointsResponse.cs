using System.Text.Json;

namespace TSMetrics.Gateway.Api.Contracts;

/// <summary>A page of raw points of one series, both ends of the range inclusive.</summary>
public sealed record RawPointsResponse(
    string Test, string Metric, string? Variant, DateTime From, DateTime To, int Skip, int Limit, int Count, bool IsComplete,
    IReadOnlyList<RawPointDto> Points);

/// <summary>
/// One stored point as it was sent: value is the number, or the string of a categorical point. A histogram
/// data point is one point whose value is the sum of its values and whose count (absent otherwise) is their number.
/// </summary>
public sealed record RawPointDto(string? Variant, DateTime Timestamp, PointValue Value, string? UserId, JsonElement? Tags, long? Count = null);
