using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Contracts;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Apis;

/// <summary>
/// POST /query of the FastAPI predecessor: raw points of a plain metric in [start_time, end_time], or with
/// aggregation and interval the series API's buckets (counts and sums, exact at any age the rollups hold).
/// A metric with string values answers raw (its strings as sent) and count; avg, sum, min and max are 400s.
/// </summary>
internal static class FastApiQuery
{
    private static readonly long LatestMicros = UnixTime.ToMicros(DateTime.SpecifyKind(DateTime.MaxValue.AddSeconds(-1), DateTimeKind.Utc));
    private static readonly SeriesRequestReader.Fields Names = new("test", "metric", "start_time", "end_time");

    public static async Task<Results<Ok<List<FastApiQueryPoint>>, ValidationProblem, ProblemHttpResult>> QueryAsync(
        FastApiQueryRequest body, RawPointReader raw, SeriesRequestReader requests, SeriesQueryService series, CatalogReader catalog,
        IOptions<QueryOptions> options, IOptions<IngestOptions> ingestOptions, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(body.Metric)) errors["metric"] = ["is required."];
        else if (NameRules.Check(body.Metric, ingestOptions.Value.MaxNameLength) is { } problem) errors["metric"] = [problem];
        var start = ReadTime(body.StartTime, "start_time", errors);
        var end = ReadTime(body.EndTime, "end_time", errors);
        var aggregation = body.Aggregation?.ToLowerInvariant();
        if (aggregation is not (null or "avg" or "sum" or "min" or "max" or "count")) errors["aggregation"] = ["must be avg, sum, min, max or count."];
        long interval = 0;
        if (body.Interval is not null && !AggregationInterval.TryParse(body.Interval, out interval))
            errors["interval"] = [$"'{body.Interval}' is not {AggregationInterval.Expected}; months have no fixed length."];
        if (errors.Count == 0 && end >= LatestMicros) errors["end_time"] = ["must be before the year 10000."];
        if (errors.Count == 0 && start > end) errors["start_time"] = ["must not be after end_time."];
        if (errors.Count == 0 && end - start > options.Value.MaxSpan.Ticks / 10) errors["start_time"] = [$"the span is longer than the limit of {options.Value.MaxSpan}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The query was rejected");

        var key = new SeriesKey("", body.Metric!);
        List<FastApiQueryPoint> rows;
        if (aggregation is null || interval == 0)
        {
            // As the predecessor, an aggregation without an interval (or the reverse) reads the raw points.
            var limit = options.Value.MaxLimit;
            var points = await raw.ReadAsync(key, null, start, end, 0, limit + 1, cancellationToken);
            if (points.Count > limit)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["end_time"] = [$"the range holds more than {limit} points; narrow it or aggregate."] },
                    title: "The query was rejected");
            rows = points.ConvertAll(p => new FastApiQueryPoint(p.Timestamp, PointValue.Of(p.Value, p.Category)));
        }
        else if (aggregation != "count" && await catalog.HasStringsAsync(key, cancellationToken))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["aggregation"] = [$"'{aggregation}' needs numbers, and '{key.Metric}' has string values; use count, or no aggregation for the raw points."],
            }, title: "The query was rejected");
        }
        else
        {
            // Both ends inclusive, as the predecessor's BETWEEN: the series API's end is exclusive.
            var request = requests.Read(Names, null, key.Metric, Iso(start), Iso(end + 1), Granularity.Format(interval), null, errors);
            if (request is null) return TypedResults.ValidationProblem(RenameGranularity(errors), title: "The query was rejected");
            var buckets = (await series.QueryAsync(request, cancellationToken)).MergedBuckets();
            rows = buckets.ConvertAll(b => new FastApiQueryPoint(UnixTime.FromMicros(b.StartMicros), PointValue.Of(Aggregate(b, aggregation), null)));
        }

        if (rows.Count == 0)
        {
            var (_, metrics) = await catalog.ReadAsync("", cancellationToken);
            if (!metrics.Exists(m => m.Name == key.Metric))
                return TypedResults.Problem($"metric: '{key.Metric}' not found.", statusCode: StatusCodes.Status404NotFound, title: "No such metric",
                    extensions: new Dictionary<string, object?> { ["field"] = "metric" });
        }

        return TypedResults.Ok(rows);
    }

    private static double Aggregate(in BucketAggregate bucket, string aggregation) => aggregation switch
    {
        "avg" => bucket.Average,
        "sum" => bucket.Sum,
        "min" => bucket.Min,
        "max" => bucket.Max,
        _ => bucket.Points,
    };

    private static long ReadTime(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text)) errors[field] = ["is required."];
        else if (Timestamps.TryParse(text, out var micros)) return micros;
        else errors[field] = ["must be ISO-8601 (2024-01-15T00:00:00Z) or unix seconds."];
        return 0;
    }

    private static string Iso(long micros) => UnixTime.FromMicros(micros).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);

    // The series reader names the bucket width "granularity"; this route calls it interval.
    private static Dictionary<string, string[]> RenameGranularity(Dictionary<string, string[]> errors)
    {
        if (errors.Remove("granularity", out var problem)) errors["interval"] = problem;
        return errors;
    }
}
