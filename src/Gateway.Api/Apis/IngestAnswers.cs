using Microsoft.AspNetCore.Http.HttpResults;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Gateway.Api.Limits;

namespace TSMetrics.Gateway.Api.Apis;

/// <summary>
/// How every front door answers an ingest that was not stored: the same status, Retry-After and
/// ProblemDetails (naming the field) whatever the format, so limits and failures read the same everywhere.
/// Only the answer to a stored batch is the door's own.
/// </summary>
internal static class IngestAnswers
{
    public static Results<TStored, ProblemHttpResult> Answer<TStored>(IngestOutcome outcome, HttpContext context, Func<IngestOutcome, TStored> stored)
        where TStored : IResult =>
        outcome.Status == IngestStatus.Stored ? stored(outcome) : Problem(outcome, context);

    public static ProblemHttpResult Problem(IngestOutcome outcome, HttpContext context)
    {
        switch (outcome.Status)
        {
            case IngestStatus.Invalid:
                return TypedResults.Problem(new HttpValidationProblemDetails(outcome.Errors!.Reported)
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The points were rejected",
                    Detail = $"{outcome.Errors.Count} problem(s) found; the whole request was rejected and nothing was stored.",
                });
            case IngestStatus.TooLarge:
                return Refused(outcome, StatusCodes.Status413PayloadTooLarge, "Request too large");
            case IngestStatus.RateLimited:
                LimitProblems.SetRetryAfter(context, outcome.RetryAfter);
                return Refused(outcome, StatusCodes.Status429TooManyRequests, "Rate limit exceeded");
            case IngestStatus.CardinalityExceeded when outcome.RetryAfter > TimeSpan.Zero:
                LimitProblems.SetRetryAfter(context, outcome.RetryAfter);
                return Refused(outcome, StatusCodes.Status429TooManyRequests, "Too many new series");
            case IngestStatus.CardinalityExceeded:
                return Refused(outcome, StatusCodes.Status422UnprocessableEntity, "Too many series");
            case IngestStatus.Refused:
                return Refused(outcome, StatusCodes.Status422UnprocessableEntity, "Storage refused the points");
            default:
                LimitProblems.SetRetryAfter(context, TimeSpan.FromSeconds(1));
                return TypedResults.Problem(outcome.Detail, statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: outcome.Status == IngestStatus.Busy ? "Storage is behind" : "Storage unavailable",
                    extensions: new Dictionary<string, object?> { ["batchId"] = outcome.BatchId });
        }
    }

    private static ProblemHttpResult Refused(IngestOutcome outcome, int status, string title) =>
        TypedResults.Problem(outcome.Detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["field"] = outcome.Field });
}
