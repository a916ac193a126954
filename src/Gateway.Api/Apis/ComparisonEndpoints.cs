using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Comparisons;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics;
using TSMetrics.Gateway.Api.Security;

namespace TSMetrics.Gateway.Api.Apis;

public static class ComparisonEndpoints
{
    public static RouteGroupBuilder MapComparisonEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/tests/{test}").WithTags("Comparisons");
        group.MapGet("/comparison", CompareAsync)
            .WithName("CompareVariants")
            .WithSummary("Every treatment against the control, for all metrics of the test or one, over a window (default: the last 24 h)")
            .ForQueries();
        return group;
    }

    internal static async Task<Results<Ok<ExperimentAnalysis>, ValidationProblem, ProblemHttpResult>> CompareAsync(
        string test, string? metric, string? last, string? from, string? to, string? control, string? method, string? alpha,
        string? type, string? correction, string? tuning, string? priorMean, string? priorSd, string? unit,
        ComparisonService comparisons, IOptions<IngestOptions> ingestOptions, IOptions<QueryOptions> queryOptions, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var maxName = ingestOptions.Value.MaxNameLength;
        if (NameRules.Check(test, maxName) is { } testProblem) errors["test"] = [testProblem];
        if (!string.IsNullOrEmpty(metric) && NameRules.Check(metric, maxName) is { } metricProblem) errors["metric"] = [metricProblem];
        var settings = ComparisonSettingsReader.Read(method, alpha, control, type, correction, tuning, priorMean, priorSd, maxName, errors, unit);
        var (start, end) = ReadWindow(last, from, to, UnixTime.ToMicros(time.GetUtcNow()), queryOptions.Value, errors);
        if (errors.Count > 0 || settings is null) return TypedResults.ValidationProblem(errors, title: "The comparison request was rejected");

        var analysis = await comparisons.CompareAsync(test, string.IsNullOrEmpty(metric) ? null : metric, start, end, settings, cancellationToken);
        return analysis is null
            ? TypedResults.Problem($"test: '{test}' has no metrics yet.", statusCode: StatusCodes.Status404NotFound, title: "Nothing to compare")
            : TypedResults.Ok(analysis);
    }

    private static (long From, long To) ReadWindow(string? last, string? from, string? to, long now, QueryOptions limits, Dictionary<string, string[]> errors)
    {
        if (last is not null && (from is not null || to is not null))
        {
            errors["last"] = ["give either last or from/to, not both."];
            return default;
        }

        var end = now;
        if (to is not null && !Timestamps.TryParse(to, out end)) errors["to"] = ["must be ISO-8601 or unix seconds."];
        var span = 24 * 3_600_000_000L;
        if (last is not null && !Granularity.TryParse(last, out span)) errors["last"] = [$"'{last}' is not a duration: {Granularity.Expected}."];
        var start = end - span;
        if (from is not null && !Timestamps.TryParse(from, out start)) errors["from"] = ["must be ISO-8601 or unix seconds."];
        if (errors.Count == 0 && start >= end) errors["from"] = ["must be before to."];
        if (errors.Count == 0 && end - start > limits.MaxSpan.Ticks / 10) errors["from"] = [$"the window is longer than the limit of {limits.MaxSpan}."];
        return (start, end);
    }
}
