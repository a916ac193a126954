using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Comparisons;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Gateway.Api.Security;
using TSMetrics.Gateway.Api.Storage;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics.Power;

namespace TSMetrics.Gateway.Api.Apis;

/// <summary>How long a test still needs: mid-experiment power over the window from the test's first point to now.</summary>
public static class PowerEndpoints
{
    private const long Day = 86_400_000_000L;

    public static RouteGroupBuilder MapPowerEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/tests/{test}").WithTags("Comparisons");
        group.MapGet("/power", GetPowerAsync)
            .WithName("TestPower")
            .WithSummary("Per metric and treatment, since the test's start: power now at the minimum effect (default 5% relative), the effect detectable now at the target power (default 0.8), and the days and observations still needed at the traffic so far")
            .ForQueries();
        return group;
    }

    internal static async Task<Results<Ok<TestPower>, ValidationProblem, ProblemHttpResult>> GetPowerAsync(
        string test, string? metric, string? minimumEffect, string? power, string? control, string? method, string? alpha,
        string? type, string? tuning, string? priorMean, string? priorSd, ComparisonService comparisons, CatalogReader catalog,
        IOptions<IngestOptions> ingestOptions, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var maxName = ingestOptions.Value.MaxNameLength;
        if (NameRules.Check(test, maxName) is { } testProblem) errors["test"] = [testProblem];
        if (!string.IsNullOrEmpty(metric) && NameRules.Check(metric, maxName) is { } metricProblem) errors["metric"] = [metricProblem];
        var settings = ComparisonSettingsReader.Read(method, alpha, control, type, "none", tuning, priorMean, priorSd, maxName, errors);
        double? effect = null;
        if (minimumEffect is not null)
        {
            if (double.TryParse(minimumEffect, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > 0) effect = value;
            else errors["minimumEffect"] = ["must be a positive number on the lift's scale, such as 0.05 for 5% relative."];
        }

        var target = 0.8;
        if (power is not null && (!double.TryParse(power, NumberStyles.Float, CultureInfo.InvariantCulture, out target) || target is <= 0.05 or >= 1))
            errors["power"] = ["must be a number between 0.05 and 1, such as 0.8."];
        if (errors.Count > 0 || settings is null) return TypedResults.ValidationProblem(errors, title: "The power request was rejected");

        var now = UnixTime.ToMicros(time.GetUtcNow());
        var (tests, _) = await catalog.ReadAsync(test, cancellationToken);
        long? firstSeen = tests.Count == 1 && tests[0].FirstSeen is { } seen ? Math.Min(UnixTime.ToMicros(seen), now) : null;
        // Without a known start (the catalog is flushed every 2 s) the last day still names the metrics and variants.
        // Per event for now: scaling n by elapsed time assumes observations arrive at a steady rate, which
        // users (returning ones count once) do not; per-user power needs a model of user arrival.
        var input = await comparisons.ReadAsync(test, string.IsNullOrEmpty(metric) ? null : metric, firstSeen ?? now - Day, now, settings with { EventLevel = true }, cancellationToken);
        if (input is null) return TypedResults.Problem($"test: '{test}' has no metrics yet.", statusCode: StatusCodes.Status404NotFound, title: "Nothing to analyze");

        // Where storage covers the window from a later start, the traffic is counted from there.
        DateTime? from = firstSeen is { } start ? UnixTime.FromMicros(Math.Max(start, Math.Min(UnixTime.ToMicros(input.WindowFrom), now))) : null;
        return TypedResults.Ok(TestPowerAnalyzer.Analyze(input, effect, target, from, UnixTime.FromMicros(now)));
    }
}
