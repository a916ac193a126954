using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Contracts;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Gateway.Api.Ingest.Formats;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Gateway.Api.Security;
using TSMetrics.Gateway.Api.Storage;

namespace TSMetrics.Gateway.Api.Apis;

/// <summary>
/// The FastAPI time-series service's routes: POST /ingest, POST /query and GET /cache/info, with its
/// snake_case bodies (GET /metrics without parameters, its listing, is in <see cref="LegacyMetricsEndpoints"/>).
/// Ingest goes through the same pipeline as /v1/points; queries read the same series and raw points.
/// </summary>
public static class FastApiEndpoints
{
    public static IEndpointRouteBuilder MapFastApiEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/ingest", IngestAsync)
            .WithTags("Compatibility").WithName("FastApiIngest")
            .WithSummary("The FastAPI predecessor's batch ingest: {\"data\": [{\"time\", \"metric\", \"value\"}]} of plain metrics; answers once durable")
            .Accepts<FastApiIngestDocument>("application/json")
            .ProducesValidationProblem()
            .ForIngest();
        routes.MapPost("/query", FastApiQuery.QueryAsync)
            .WithTags("Compatibility").WithName("FastApiQuery")
            .WithSummary("The FastAPI predecessor's query: a plain metric's raw points in [start_time, end_time], or avg/sum/min/max/count per interval")
            .ForQueries();
        routes.MapGet("/cache/info", CacheInfoAsync)
            .WithTags("Compatibility").WithName("FastApiCacheInfo")
            .WithSummary("What the cluster holds in memory: silos, active series grains, activations, the silos' memory")
            .ForQueries();
        return routes;
    }

    internal static async Task<Results<Ok<FastApiIngestResponse>, ProblemHttpResult>> IngestAsync(
        HttpRequest request, BodyIngest ingest, CancellationToken cancellationToken) =>
        IngestAnswers.Answer(await ingest.IngestAsync(request, FastApiIngestParser.Parse, cancellationToken), request.HttpContext,
            outcome => TypedResults.Ok(new FastApiIngestResponse($"Successfully ingested {outcome.Accepted} data points", outcome.Accepted, outcome.BatchId!)));

    internal static async Task<Ok<FastApiCacheInfo>> CacheInfoAsync(ClusterMemoryReader memory, CancellationToken cancellationToken) =>
        TypedResults.Ok(await memory.ReadAsync(cancellationToken));

    /// <summary>GET /metrics without the .NET route's parameters: every plain metric with its metadata.</summary>
    internal static async Task<List<FastApiMetricInfo>> ListMetricsAsync(CatalogReader catalog, CancellationToken cancellationToken)
    {
        var (_, metrics) = await catalog.ReadAsync("", cancellationToken);
        return metrics.ConvertAll(m => new FastApiMetricInfo(m.Name, m.FirstSeen, m.LastSeen, m.ValueType, m.Unit, m.Direction, m.Kind, m.Description));
    }
}
