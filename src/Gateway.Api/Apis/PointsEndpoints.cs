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
            .ProducesValidationProblem()
            .ForIngest();
        group.MapGet("/", ReadRawAsync)
            .WithName("ReadRawPoints")
            .WithSummary("Raw points of one series in an inclusive time range, paged")
            .ForQueries();
        return group;
    }

    internal static async Task<Results<Ok<IngestResponse>, ProblemHttpResult>> IngestAsync(
        HttpRequest request, BodyIngest ingest, CancellationToken cancellationToken)
    {
        var outcome = await ingest.IngestAsync(request, PointBatchParser.Parse, cancellationToken);
        return IngestAnswers.Answer(outcome, request.HttpContext, Stored);
    }

    /// <summary>The native answer to a stored batch, also given by the Go and Tornado doors.</summary>
    internal static Ok<IngestResponse> Stored(IngestOutcome outcome) => TypedResults.Ok(new IngestResponse(outcome.Accepted, outcome.Series, outcome.BatchId!));

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
            key.IsPlainMetric ? null : p.Variant, p.Timestamp, PointValue.Of(p.Value, p.Category), p.UserId,
            p.TagsJson is null ? null : JsonDocument.Parse(p.TagsJson).RootElement, p.Count));
        return TypedResults.Ok(new RawPointsResponse(
            key.Test, key.Metric, variantFilter, UnixTime.FromMicros(start), UnixTime.FromMicros(end), offset, pageSize, dtos.Count, isComplete, dtos));
    }
}
