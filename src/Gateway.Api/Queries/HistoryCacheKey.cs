using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>What a cached history block answers: one series at one granularity, all variants or one.</summary>
public readonly record struct HistoryCacheKey(SeriesKey Series, long GranularityMicros, string? Variant);
