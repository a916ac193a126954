using System.Globalization;
using TSMetrics.Gateway.Api.Security;

namespace TSMetrics.Gateway.Api.Limits;

/// <summary>The answers for a refused request: a status, Retry-After where waiting helps, and a ProblemDetails saying which limit.</summary>
internal static class LimitProblems
{
    public static IResult RateLimited(HttpContext context, RateDecision decision, string field, string detail)
    {
        SetRetryAfter(context, decision.RetryAfter);
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Rate limit exceeded",
            extensions: new Dictionary<string, object?> { ["field"] = field });
    }

    /// <summary>429 for a caller whose query rate (its own, or the default) is used up.</summary>
    public static IResult QueryRateLimited(HttpContext context, RateDecision decision, int? callerRate, int defaultRate) =>
        RateLimited(context, decision, ApiKeyAuthenticationHandler.HeaderName,
            $"This key may make {callerRate ?? defaultRate} queries per second; retry after the time in Retry-After.");

    public static IResult Busy(HttpContext context, string detail, TimeSpan retryAfter)
    {
        SetRetryAfter(context, retryAfter);
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy");
    }

    /// <summary>Retry-After in whole seconds, rounded up, at least 1.</summary>
    public static void SetRetryAfter(HttpContext context, TimeSpan wait) =>
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
