using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using TSMetrics.Gateway.Api.Contracts;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Gateway.Api.Security;
using TSMetrics.Gateway.Api.Storage;

namespace TSMetrics.Gateway.Api.Apis;

/// <summary>
/// The .NET predecessor's GET /metrics, same parameters and answer, so its clients keep working. Unlike the
/// predecessor, coarse buckets come from counts and sums, never from averaging averages. Without any
/// parameter the path is the FastAPI predecessor's metric list, which shares it.
/// </summary>
public static class LegacyMetricsEndpoints
{
    public static RouteGroupBuilder MapLegacyMetricsEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/metrics").WithTags("Compatibility");
        group.MapGet("/", GetMetricsAsync)
            .WithName("GetLegacyMetrics")
            .WithSummary("The .NET predecessor's /metrics: avg/low/high buckets of one test and metric (all variants merged unless variant is given); without any parameter, the FastAPI predecessor's list of every plain metric with its metadata")
            .AddOpenApiOperationTransformer(DocumentBothAnswersAsync)
            .ForQueries();
        return group;
    }

    // Two predecessors share the path and the 200 status: the document offers both answers (oneOf).
    private static async Task DocumentBothAnswersAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var dotNet = await context.GetOrCreateSchemaAsync(typeof(LegacyMetricsResponse), null, cancellationToken);
        var fastApi = await context.GetOrCreateSchemaAsync(typeof(List<FastApiMetricInfo>), null, cancellationToken);
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content?.TryGetValue("application/json", out var media) == true && media is OpenApiMediaType json)
            json.Schema = new OpenApiSchema { OneOf = [dotNet, fastApi] };
    }

    internal static async Task<Results<Ok<LegacyMetricsResponse>, Ok<List<FastApiMetricInfo>>, ValidationProblem>> GetMetricsAsync(
        HttpRequest http, string? abTestName, string? abTest, string? metricName, string? metric, string? start, string? end, string? granularity,
        string? variant, string? skip, string? limit,
        SeriesRequestReader requests, SeriesQueryService queries, CatalogReader catalog, IOptions<QueryOptions> options, CancellationToken cancellationToken)
    {
        // Two predecessors share this path: the FastAPI service's listing took no parameters, the .NET API's query always has some.
        if (http.QueryString.Value is null or "" or "?") return TypedResults.Ok(await FastApiEndpoints.ListMetricsAsync(catalog, cancellationToken));

        var errors = new Dictionary<string, string[]>();
        var testName = abTestName ?? abTest;
        var (offset, pageSize) = Paging.Read(skip, limit, options.Value, errors);
        if (string.IsNullOrEmpty(testName)) errors["abTestName"] = ["is required."];
        var request = requests.Read(new("abTestName", "metricName", "start", "end"), testName, metricName ?? metric, start, end, granularity ?? "5m", variant, errors);
        if (request is null || errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The query was rejected");

        var result = await queries.QueryAsync(request, cancellationToken);
        // The predecessor's datapoints are averages: buckets of string values only have none.
        var buckets = result.MergedBuckets().FindAll(b => b.Count > 0);
        var page = new List<LegacyDatapoint>(Math.Max(0, Math.Min(pageSize, buckets.Count - offset)));
        for (var i = offset; i < buckets.Count && page.Count < pageSize; i++)
        {
            var b = buckets[i];
            page.Add(new LegacyDatapoint(b.StartMicros / UnixTime.MicrosPerSecond, Trim(b.Average), Trim(b.Min), Trim(b.Max)));
        }

        var isComplete = offset + page.Count >= buckets.Count;
        return TypedResults.Ok(new LegacyMetricsResponse(request.Key.Test, request.Key.Metric, result.Unit, offset, pageSize, page.Count, isComplete, page));
    }

    // The predecessor trimmed payloads: three decimals carry what a chart needs.
    private static double Trim(double value) => Math.Round(value, 3, MidpointRounding.AwayFromZero);
}
