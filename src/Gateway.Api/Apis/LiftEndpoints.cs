using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Comparisons;
using TSMetrics.Gateway.Api.Contracts;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Gateway.Api.Security;
using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Apis;

/// <summary>The lift over time: what experimenters read to decide, beside the per-bucket means of /v1/series.</summary>
public static class LiftEndpoints
{
    private static readonly long[] Steps = [1_000_000, 10_000_000, 60_000_000, 300_000_000, 3_600_000_000, 86_400_000_000];
    private const int TargetPoints = 720;

    public static RouteGroupBuilder MapLiftEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/tests/{test}").WithTags("Comparisons");
        group.MapGet("/lift", GetLiftAsync)
            .WithName("LiftOverTime")
            .WithSummary("Per treatment, the cumulative lift with its interval at every step from the test's start (or from) to now, and when the interval first left 0")
            .ForQueries();
        return group;
    }

    internal static async Task<Results<Ok<LiftOverTime>, ValidationProblem>> GetLiftAsync(
        string test, string? metric, string? from, string? to, string? granularity, string? control, string? method, string? alpha,
        string? type, string? tuning, LiftOverTimeService lift, CatalogReader catalog, SeriesRequestReader reader,
        IOptions<IngestOptions> ingestOptions, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var maxName = ingestOptions.Value.MaxNameLength;
        if (NameRules.Check(test, maxName) is { } testProblem) errors["test"] = [testProblem];
        var settings = ComparisonSettingsReader.Read(method, alpha, control, type, "none", tuning, null, null, maxName, errors);
        if (errors.Count > 0 || settings is null) return TypedResults.ValidationProblem(errors, title: "The lift request was rejected");

        // From the test's start by default; a test the catalog has not seen yet (flushed every 2 s) gets the series' default span.
        if (from is null)
        {
            var (tests, _) = await catalog.ReadAsync(test, cancellationToken);
            if (tests.Count == 1 && tests[0].FirstSeen is { } firstSeen)
                from = (UnixTime.ToMicros(firstSeen) / (double)UnixTime.MicrosPerSecond).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        }

        granularity ??= DefaultStep(from, to, reader, time);
        var request = reader.Read(new SeriesRequestReader.Fields("test", "metric", "from", "to"), test, metric, from, to, granularity, null, errors);
        if (request is null) return TypedResults.ValidationProblem(errors, title: "The lift request was rejected");
        return TypedResults.Ok(await lift.ComputeAsync(request, settings, cancellationToken));
    }

    // The finest of 1s, 10s, 1m, 5m, 1h, 1d that keeps the chart near TargetPoints points.
    private static string? DefaultStep(string? from, string? to, SeriesRequestReader reader, TimeProvider time)
    {
        var end = to is not null && Timestamps.TryParse(to, out var parsed) ? parsed : UnixTime.ToMicros(time.GetUtcNow());
        var start = end - reader.DefaultSpanMicros;
        if (from is not null && !Timestamps.TryParse(from, out start)) return null; // the reader names the bad field
        var step = Steps.FirstOrDefault(s => (end - start) / s <= TargetPoints, Steps[^1]);
        return Granularity.Format(step);
    }
}
