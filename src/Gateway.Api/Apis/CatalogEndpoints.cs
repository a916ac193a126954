using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Contracts;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Gateway.Api.Security;

namespace TSMetrics.Gateway.Api.Apis;

/// <summary>The catalog: tests with their variants and metrics, created on first sight, editable here.</summary>
public static class CatalogEndpoints
{
    public static RouteGroupBuilder MapCatalogEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").WithTags("Catalog");
        group.MapGet("/tests", ListTestsAsync).WithName("ListTests").WithSummary("All A/B tests with their variants and metrics").ForQueries();
        group.MapGet("/tests/{test}", GetTestAsync).WithName("GetTest").WithSummary("One A/B test with its variants and metrics").ForQueries();
        group.MapPut("/tests/{test}", DefineTestAsync).WithName("DefineTest").WithSummary("Set a test's control variant, description and expected split (weights per variant)").ForAdmin();
        group.MapPut("/tests/{test}/metrics/{metric}", DefineTestMetricAsync).WithName("DefineTestMetric").WithSummary("Set a test metric's unit, direction and kind").ForAdmin();
        // GET /v1/metrics is the Go and Tornado predecessors' route (points), so the plain-metric catalog sits beside it.
        group.MapGet("/metrics/catalog", ListPlainMetricsAsync).WithName("ListPlainMetrics").WithSummary("Plain metrics (no A/B test) with their definitions").ForQueries();
        group.MapPut("/metrics/{metric}", DefinePlainMetricAsync).WithName("DefinePlainMetric").WithSummary("Set a plain metric's unit, direction and kind").ForAdmin();
        return group;
    }

    internal static async Task<Ok<IReadOnlyList<TestEntry>>> ListTestsAsync(CatalogReader catalog, CancellationToken cancellationToken)
    {
        var (tests, _) = await catalog.ReadAsync(null, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<TestEntry>>(tests);
    }

    internal static async Task<Results<Ok<TestEntry>, ProblemHttpResult, ValidationProblem>> GetTestAsync(
        string test, CatalogReader catalog, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        if (NameRules.Check(test, options.Value.MaxNameLength) is { } problem) return Invalid("test", problem);
        var (tests, _) = await catalog.ReadAsync(test, cancellationToken);
        return tests.Count == 1
            ? TypedResults.Ok(tests[0])
            : TypedResults.Problem($"test: '{test}' has no points and no definition.", statusCode: StatusCodes.Status404NotFound, title: "No such test");
    }

    internal static async Task<Results<Ok<TestDefinitionRequest>, ValidationProblem>> DefineTestAsync(
        string test, TestDefinitionRequest body, IGrainFactory grains, IOptions<IngestOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (NameRules.Check(test, options.Value.MaxNameLength) is { } problem) return Invalid("test", problem);
        if (!string.IsNullOrEmpty(body.Control) && NameRules.Check(body.Control, options.Value.MaxNameLength) is { } controlProblem)
            return Invalid("control", controlProblem);
        if (body.Weights is { } weights)
        {
            foreach (var (variant, weight) in weights)
            {
                if (NameRules.Check(variant, options.Value.MaxNameLength) is { } variantProblem) return Invalid($"weights.{variant}", variantProblem);
                if (!double.IsFinite(weight) || weight < 0) return Invalid($"weights.{variant}", "must be a finite number, 0 or more.");
            }

            if (weights.Values.Sum() <= 0) return Invalid("weights", "must give at least one variant a share above 0.");
        }

        if (!TryReadStart(body.Start, out var start)) return Invalid("start", "must be ISO-8601 text (2026-11-30T00:00:00Z), unix seconds or null.");
        if (start > time.GetUtcNow().UtcDateTime + options.Value.MaxFutureSkew)
            return Invalid("start", $"is more than {options.Value.MaxFutureSkew} in the future.");

        // The silo refuses a start older than the raw points unit totals are rebuilt from.
        var definition = new TestDefinition(NullIfEmpty(body.Control), body.Description, body.Weights, start);
        if (await grains.GetGrain<ITestGrain>(test).DefineAsync(definition, cancellationToken) is { } startProblem) return Invalid("start", startProblem);
        return TypedResults.Ok(body);
    }

    internal static Task<Results<Ok<MetricEntry>, ValidationProblem>> DefineTestMetricAsync(
        string test, string metric, MetricDefinitionRequest body, IGrainFactory grains, IOptions<IngestOptions> options, CancellationToken cancellationToken) =>
        NameRules.Check(test, options.Value.MaxNameLength) is { } problem
            ? Task.FromResult<Results<Ok<MetricEntry>, ValidationProblem>>(Invalid("test", problem))
            : DefineMetricAsync(new SeriesKey(test, metric), body, grains, options.Value, cancellationToken);

    internal static async Task<Ok<IReadOnlyList<MetricEntry>>> ListPlainMetricsAsync(CatalogReader catalog, CancellationToken cancellationToken)
    {
        var (_, metrics) = await catalog.ReadAsync("", cancellationToken);
        return TypedResults.Ok<IReadOnlyList<MetricEntry>>(metrics);
    }

    internal static Task<Results<Ok<MetricEntry>, ValidationProblem>> DefinePlainMetricAsync(
        string metric, MetricDefinitionRequest body, IGrainFactory grains, IOptions<IngestOptions> options, CancellationToken cancellationToken) =>
        DefineMetricAsync(new SeriesKey("", metric), body, grains, options.Value, cancellationToken);

    private static async Task<Results<Ok<MetricEntry>, ValidationProblem>> DefineMetricAsync(
        SeriesKey key, MetricDefinitionRequest body, IGrainFactory grains, IngestOptions options, CancellationToken cancellationToken)
    {
        if (NameRules.Check(key.Metric, options.MaxNameLength) is { } problem) return Invalid("metric", problem);
        if (!MetricText.TryParseDirection(body.Direction, out var direction)) return Invalid("direction", "must be \"lower\", \"higher\" or \"unknown\".");
        if (!MetricText.TryParseKind(body.Kind, out var kind)) return Invalid("kind", $"must be {MetricText.Kinds}.");
        if (body.Unit is { Length: > 32 }) return Invalid("unit", "is longer than 32 characters.");
        var definition = new MetricDefinition(NullIfEmpty(body.Unit), direction, kind, body.Description, body.Percentiles);
        await grains.GetGrain<ISeriesGrain>(key.ToGrainKey()).DefineAsync(definition, cancellationToken);
        return TypedResults.Ok(new MetricEntry(key.Metric, definition.Unit, MetricText.Direction(direction), MetricText.Kind(kind), definition.Description, null, null));
    }

    // A JSON string (ISO-8601) or number (unix seconds); null or absent means the test's first point.
    private static bool TryReadStart(System.Text.Json.JsonElement? value, out DateTime? start)
    {
        start = null;
        long micros;
        switch (value)
        {
            case null or { ValueKind: System.Text.Json.JsonValueKind.Null }:
                return true;
            case { ValueKind: System.Text.Json.JsonValueKind.String } text when Timestamps.TryParseIso(text.GetString(), out micros):
            case { ValueKind: System.Text.Json.JsonValueKind.Number } number when number.TryGetDouble(out var seconds) && Timestamps.TryFromUnixSeconds(seconds, out micros):
                start = UnixTime.FromMicros(micros);
                return true;
            default:
                return false;
        }
    }

    private static ValidationProblem Invalid(string field, string problem) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [problem] }, title: "The request was rejected");

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
