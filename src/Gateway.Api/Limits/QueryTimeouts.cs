using Microsoft.AspNetCore.Http.Timeouts;
using TSMetrics.Gateway.Api.Queries;

namespace TSMetrics.Gateway.Api.Limits;

/// <summary>
/// The query time-out as an ASP.NET Core request-timeout policy: the middleware cancels the request's token
/// (which handlers pass to the database and the grains) and answers 503 with Retry-After and a ProblemDetails.
/// </summary>
internal static class QueryTimeouts
{
    public const string PolicyName = "query";

    public static void AddQueryPolicy(RequestTimeoutOptions timeouts, QueryOptions queries) =>
        timeouts.AddPolicy(PolicyName, new RequestTimeoutPolicy
        {
            Timeout = queries.Timeout,
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
            WriteTimeoutResponse = context =>
            {
                context.RequestServices.GetRequiredService<RejectionCounters>().CountQuery(RejectionReason.TimedOut);
                return LimitProblems.Busy(context,
                    $"The query ran longer than the limit of {queries.Timeout}; ask for a shorter span or a coarser granularity.",
                    TimeSpan.FromSeconds(1)).ExecuteAsync(context);
            },
        });
}
