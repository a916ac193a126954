using System.Text.Json.Serialization;

namespace TSMetrics.Gateway.Api.Contracts;

/// <summary>The body of POST /ingest (the FastAPI predecessor's IngestRequest): a batch of plain-metric points.</summary>
public sealed record FastApiIngestDocument(IReadOnlyList<FastApiDataPoint> Data);

/// <summary>One point of POST /ingest: time is ISO-8601 (or unix seconds), value a number or a string ("machine_start").</summary>
public sealed record FastApiDataPoint(DateTimeOffset Time, string Metric, PointValue Value);

/// <summary>The answer to a stored POST /ingest; batch_id is the Idempotency-Key to retry with.</summary>
public sealed record FastApiIngestResponse(
    string Message, [property: JsonPropertyName("ingested_count")] int IngestedCount, [property: JsonPropertyName("batch_id")] string BatchId);

/// <summary>
/// The body of POST /query: a plain metric, an inclusive time range, and optionally an aggregation (avg, sum,
/// min, max, count) over buckets of interval ("1 hour", "5 minutes", "1 day", or 1h/5m/1d). Without both,
/// the raw points.
/// </summary>
public sealed record FastApiQueryRequest(
    string? Metric,
    [property: JsonPropertyName("start_time")] string? StartTime,
    [property: JsonPropertyName("end_time")] string? EndTime,
    string? Aggregation,
    string? Interval);

/// <summary>One row of a POST /query answer: a raw point (value a number or its string), or a bucket's start and its aggregate.</summary>
public sealed record FastApiQueryPoint(DateTime Time, PointValue Value);

/// <summary>A metric of GET /metrics (without the .NET route's parameters), as the FastAPI predecessor listed it, plus its definition.</summary>
public sealed record FastApiMetricInfo(
    string Name,
    [property: JsonPropertyName("first_seen")] DateTime? FirstSeen,
    [property: JsonPropertyName("last_seen")] DateTime? LastSeen,
    [property: JsonPropertyName("value_type")] string ValueType,
    string? Unit, string Direction, string Kind, string? Description);

/// <summary>
/// GET /cache/info: what the cluster holds in memory. active_series is the number of series grains active
/// (each holds its series' recent buckets); buckets, units and series_bytes are what those grains hold, summed
/// over at most <c>series_read</c> of them (extrapolated when more are active, <c>sampled</c> then true);
/// hits and misses count this gateway's series and comparison reads answered by memory alone or also by
/// storage; the memory figures are the silos' processes.
/// </summary>
public sealed record FastApiCacheInfo(
    bool Connected,
    int Silos,
    [property: JsonPropertyName("active_series")] int ActiveSeries,
    [property: JsonPropertyName("active_grains")] int ActiveGrains,
    [property: JsonPropertyName("memory_used_bytes")] long MemoryUsedBytes,
    [property: JsonPropertyName("memory_available_bytes")] long MemoryAvailableBytes,
    long Buckets = 0,
    [property: JsonPropertyName("buckets_with_parts")] long BucketsWithParts = 0,
    long Units = 0,
    [property: JsonPropertyName("series_bytes")] long SeriesBytes = 0,
    [property: JsonPropertyName("series_read")] int SeriesRead = 0,
    bool Sampled = false,
    long Hits = 0,
    long Misses = 0,
    [property: JsonPropertyName("hit_ratio")] double? HitRatio = null);
