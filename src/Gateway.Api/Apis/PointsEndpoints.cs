using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Contracts;
using TSMetrics.Gateway.Api.Hosting;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Gateway.Api.Limits;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Gateway.Api.Security;

namespace TSMetrics.Gateway.Api.Apis;

public static class PointsEndpoints
{
    public static RouteGroupBuilder MapPointsEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/points").WithTags("Points");
        group.MapPost("/", IngestAsync)
            .WithName("IngestPoints")
            .WithSummary("Store one point or a batch; answers once every point is durable")
            .Accepts<IngestRequestDocument>("application/json")
            .ForIngest();
        group.MapGet("/", ReadRawAsync)
            .WithName("ReadRawPoints")
            .WithSummary("Raw points of one series in an inclusive time range, paged")
            .ForQueries();
        return group;
    }

    internal static async Task<Results<Ok<IngestResponse>, ValidationProblem, ProblemHttpResult>> IngestAsync(
        HttpRequest request, IngestService ingest, GatewayMetrics metrics, CancellationToken cancellationToken)
    {
        var outcome = await ingest.IngestAsync(request, cancellationToken);
        switch (outcome.Status)
        {
            case IngestStatus.Stored:
                metrics.Acknowledged(outcome.Accepted);
                return TypedResults.Ok(new IngestResponse(outcome.Accepted, outcome.Series, outcome.BatchId!));
            case IngestStatus.Invalid:
                return TypedResults.ValidationProblem(
                    outcome.Errors!.Reported,
                    detail: $"{outcome.Errors.Count} problem(s) found; the whole request was rejected and nothing was stored.",
                    title: "The points were rejected");
            case IngestStatus.TooLarge:
                return Refused(outcome, StatusCodes.Status413PayloadTooLarge, "Request too large");
            case IngestStatus.RateLimited:
                LimitProblems.SetRetryAfter(request.HttpContext, outcome.RetryAfter);
                return Refused(outcome, StatusCodes.Status429TooManyRequests, "Rate limit exceeded");
            case IngestStatus.CardinalityExceeded when outcome.RetryAfter > TimeSpan.Zero:
                LimitProblems.SetRetryAfter(request.HttpContext, outcome.RetryAfter);
                return Refused(outcome, StatusCodes.Status429TooManyRequests, "Too many new series");
            case IngestStatus.CardinalityExceeded:
                return Refused(outcome, StatusCodes.Status422UnprocessableEntity, "Too many series");
            default:
                LimitProblems.SetRetryAfter(request.HttpContext, TimeSpan.FromSeconds(1));
                return TypedResults.Problem(outcome.Detail, statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: outcome.Status == IngestStatus.Busy ? "Storage is behind" : "Storage unavailable",
                    extensions: new Dictionary<string, object?> { ["batchId"] = outcome.BatchId });
        }
    }

    private static ProblemHttpResult Refused(IngestOutcome outcome, int status, string title) =>
        TypedResults.Problem(outcome.Detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["field"] = outcome.Field });

    internal static async Task<Results<Ok<RawPointsResponse>, ValidationProblem>> ReadRawAsync(
        string? test, string? metric, string? variant, string? from, string? to, string? skip, string? limit,
        RawPointReader reader, IOptions<QueryOptions> options, IOptions<IngestOptions> ingestOptions, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var maxName = ingestOptions.Value.MaxNameLength;
        if (string.IsNullOrEmpty(metric)) errors["metric"] = ["is required."];
        else if (NameRules.Check(metric, maxName) is { } problem) errors["metric"] = [problem];
        if (!string.IsNullOrEmpty(test) && NameRules.Check(test, maxName) is { } testProblem) errors["test"] = [testProblem];
        var now = UnixTime.ToMicros(time.GetUtcNow());
        var end = now;
        if (to is not null && !Timestamps.TryParse(to, out end)) errors["to"] = ["must be ISO-8601 or unix seconds."];
        var start = end - options.Value.DefaultSpan.Ticks / 10;
        if (from is not null && !Timestamps.TryParse(from, out start)) errors["from"] = ["must be ISO-8601 or unix seconds."];
        var (offset, pageSize) = Paging.Read(skip, limit, options.Value, errors);
        if (errors.Count == 0 && start > end) errors["from"] = ["must not be after to."];
        if (errors.Count == 0 && end - start > options.Value.MaxSpan.Ticks / 10) errors["from"] = [$"the span is longer than the limit of {options.Value.MaxSpan}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The query was rejected");

        var key = new SeriesKey(test ?? "", metric!);
        var variantFilter = string.IsNullOrEmpty(variant) ? null : variant;
        // One row more than asked tells whether more exist, without counting them.
        var points = await reader.ReadAsync(key, variantFilter, start, end, offset, pageSize + 1, cancellationToken);
        var isComplete = points.Count <= pageSize;
        if (!isComplete) points.RemoveAt(points.Count - 1);
        var dtos = points.ConvertAll(p => new RawPointDto(
            key.IsPlainMetric ? null : p.Variant, p.Timestamp, p.Value, p.UserId,
            p.TagsJson is null ? null : JsonDocument.Parse(p.TagsJson).RootElement));
        return TypedResults.Ok(new RawPointsResponse(
            key.Test, key.Metric, variantFilter, UnixTime.FromMicros(start), UnixTime.FromMicros(end), offset, pageSize, dtos.Count, isComplete, dtos));
    }
}
