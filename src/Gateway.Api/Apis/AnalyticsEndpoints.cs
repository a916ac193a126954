using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Gateway.Api.Security;

namespace TSMetrics.Gateway.Api.Apis;

/// <summary>
/// The Flask user-analytics API: POST /analytics?timestamp=&amp;user=&amp;event=click|impression stores an event
/// through the ingest pipeline (204), GET /analytics?timestamp= answers the hour up to it as text lines.
/// Unlike the predecessor, bad input is a 400 naming the parameter, not a silent 204.
/// </summary>
public static class AnalyticsEndpoints
{
    private static readonly FieldNames Names = new(Metric: "event", UserId: "user");

    public static RouteGroupBuilder MapAnalyticsEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/analytics").WithTags("Compatibility");
        group.MapPost("/", PostAsync)
            .WithName("PostAnalyticsEvent")
            .WithSummary("The Flask predecessor's event: timestamp (unix seconds), user and event=click|impression in the query string; 204 once durable")
            .ProducesValidationProblem()
            .ForIngest();
        group.MapGet("/", GetAsync)
            .WithName("GetAnalyticsHour")
            .WithSummary("The Flask predecessor's report for the hour up to timestamp (both ends inclusive): text lines unique_users,N clicks,N impressions,N")
            .Produces<string>(contentType: "text/plain")
            .ForQueries();
        return group;
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> PostAsync(
        HttpContext context, string? timestamp, string? user, string? @event, IngestPipeline pipeline, CancellationToken cancellationToken)
    {
        var batch = new ParsedBatch { IsSinglePoint = true, Names = Names };
        var errors = new IngestErrors(pipeline.Limits.MaxReportedErrors);
        var point = new RawPoint { Value = 1, HasValue = true, Metric = AnalyticsReader.MetricOf(@event) };
        if (point.Metric is null) errors.Add("event", "must be click or impression.");
        if (TryReadSeconds(timestamp, "timestamp", errors) is { } seconds)
        {
            point.TimeMicros = seconds * 1_000_000;
            point.HasTime = true;
        }

        if (string.IsNullOrEmpty(user)) errors.Add("user", "is required.");
        else if (user.Contains('\0', StringComparison.Ordinal)) errors.Add("user", "contains the NUL character, which cannot be stored.");
        else point.UserId = user;
        batch.Points.Add(point);

        var outcome = await pipeline.IngestAsync(IngestPipeline.CallerOf(context), batch, errors, context.Request.Headers["Idempotency-Key"].ToString(), cancellationToken);
        return IngestAnswers.Answer(outcome, context, _ => TypedResults.NoContent());
    }

    internal static async Task<Results<ContentHttpResult, ValidationProblem>> GetAsync(
        string? timestamp, AnalyticsReader analytics, CancellationToken cancellationToken)
    {
        var errors = new IngestErrors(1);
        if (TryReadSeconds(timestamp, "timestamp", errors) is not { } end)
            return TypedResults.ValidationProblem(errors.Reported, title: "The query was rejected");
        var (users, clicks, impressions) = await analytics.ReadHourAsync(end, cancellationToken);
        return TypedResults.Text(string.Create(CultureInfo.InvariantCulture, $"unique_users,{users}\nclicks,{clicks}\nimpressions,{impressions}\n"), "text/plain");
    }

    // The predecessor read int(timestamp): whole unix seconds, here up to the last whole second of year 9999
    // less one (the hour's one-second buckets end a second after it).
    private const long MaxSeconds = 253_402_300_798;

    private static long? TryReadSeconds(string? text, string field, IngestErrors errors)
    {
        if (string.IsNullOrEmpty(text)) errors.Add(field, "is required (unix seconds).");
        else if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxSeconds)
            errors.Add(field, "must be whole unix seconds (1224567997).");
        else return seconds;
        return null;
    }
}
