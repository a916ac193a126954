using TSMetrics.Gateway.Api.Contracts;
namespace TSMetrics.Gateway.Api.Live;

/// <summary>One message to a live client: a comparison (data is the analysis) or points (data is the list).</summary>
/// <param name="Type">"comparison" or "points".</param>
/// <param name="Version">The snapshot's version.</param>
/// <param name="Data">The payload.</param>
public sealed record LiveMessage(string Type, long Version, object Data);

/// <summary>
/// A point as pushed to live clients: t in unix seconds (with fractions), the value a number or, for a
/// categorical point, its string. A histogram data point is one point whose value is its sum, with its
/// count, min and max (absent on plain points), so that a client adds it as the gateway does.
/// </summary>
public sealed record LivePointDto(string Metric, string Variant, double T, PointValue Value, long? Count = null, double? Min = null, double? Max = null);
