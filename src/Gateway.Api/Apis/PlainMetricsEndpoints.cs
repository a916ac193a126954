using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Contracts;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Gateway.Api.Ingest.Formats;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Gateway.Api.Security;
using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Apis;

/// <summary>
/// /v1/metrics as the Go metrics server and the Tornado API had it: POST a plain-metric point
/// <c>{name, ts|timestamp, value, ...any other keys}</c>, GET them back as posted. Posts go through the
/// same pipeline as /v1/points, and to live clients of /v1/metrics/ws like every plain-metric point.
/// </summary>
public static class PlainMetricsEndpoints
{
    public static RouteGroupBuilder MapPlainMetricsEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/metrics").WithTags("Compatibility");
        group.MapPost("/", PostAsync)
            .WithName("PostPlainMetricPoint")
            .WithSummary("The Go and Tornado predecessors' POST: {name, ts (or timestamp), value, ...}; every other key is kept as a tag")
            .Accepts<PlainMetricPointDocument>("application/json")
            .ProducesValidationProblem()
            .ForIngest();
        group.MapGet("/", GetAsync)
            .WithName("GetPlainMetricPoints")
            .WithSummary("The Tornado predecessor's GET: plain-metric points as posted, by name and inclusive sts/ets (ISO-8601), paged with skip/limit")
            .ForQueries();
        return group;
    }

    internal static async Task<Results<Ok<IngestResponse>, ProblemHttpResult>> PostAsync(
        HttpRequest request, BodyIngest ingest, CancellationToken cancellationToken) =>
        IngestAnswers.Answer(await ingest.IngestAsync(request, PlainMetricParser.Parse, cancellationToken), request.HttpContext, PointsEndpoints.Stored);

    internal static async Task<Results<Ok<List<JsonObject>>, ValidationProblem>> GetAsync(
        HttpContext context, string? name, string? sts, string? ets, string? skip, string? limit,
        PlainPointReader reader, IOptions<QueryOptions> options, IOptions<IngestOptions> ingestOptions, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!string.IsNullOrEmpty(name) && NameRules.Check(name, ingestOptions.Value.MaxNameLength) is { } problem) errors["name"] = [problem];
        long? from = null, to = null;
        if (!string.IsNullOrEmpty(sts)) from = Timestamps.TryParseIso(sts, out var start) ? start : Invalid(errors, "sts");
        if (!string.IsNullOrEmpty(ets)) to = Timestamps.TryParseIso(ets, out var end) ? end : Invalid(errors, "ets");
        if (errors.Count == 0 && from > to) errors["sts"] = ["must not be after ets."];
        var (offset, pageSize) = Paging.Read(skip, limit, options.Value, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The query was rejected");

        // One row more than asked tells whether another page exists; its address goes in a Link header,
        // because the predecessor's answer is a bare list with no room for a flag.
        var points = await reader.ReadAsync(string.IsNullOrEmpty(name) ? null : name, from, to, offset, pageSize + 1, cancellationToken);
        if (points.Count > pageSize)
        {
            points.RemoveAt(points.Count - 1);
            var query = context.Request.Query.Where(q => q.Key is not ("skip" or "limit")).ToDictionary(q => q.Key, q => q.Value);
            query["skip"] = (offset + pageSize).ToString(CultureInfo.InvariantCulture);
            query["limit"] = pageSize.ToString(CultureInfo.InvariantCulture);
            var next = QueryString.Create(query);
            context.Response.Headers.Link = $"<{context.Request.PathBase}{context.Request.Path}{next}>; rel=\"next\"";
        }

        return TypedResults.Ok(points.ConvertAll(AsPosted));
    }

    // The point as it was posted: name, ts and value, then every other key it carried.
    private static JsonObject AsPosted(PlainStoredPoint point)
    {
        var posted = new JsonObject
        {
            ["name"] = point.Metric,
            ["ts"] = point.Timestamp.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFZ", CultureInfo.InvariantCulture),
            ["value"] = point.Category is null ? JsonValue.Create(point.Value) : JsonValue.Create(point.Category),
        };
        if (point.TagsJson is not null && JsonNode.Parse(point.TagsJson) is JsonObject tags)
        {
            foreach (var (key, value) in tags.ToList())
            {
                tags.Remove(key);
                posted[key] = value;
            }
        }

        return posted;
    }

    private static long? Invalid(Dictionary<string, string[]> errors, string field)
    {
        errors[field] = ["must be ISO-8601 as PostgreSQL reads it: 2016-01-01, 2016-01-01T10:00:00, 2016-01-01 10:00:00+02 (no offset means UTC)."];
        return null;
    }
}
