using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Gateway.Api.Security;

namespace TSMetrics.Gateway.Api.Limits;

/// <summary>
/// Every query passes the caller's query rate (429), then the gateway's concurrency cap (503); it runs under
/// the request-timeout policy <see cref="QueryTimeouts.PolicyName"/> (503): a client that asks too much or
/// too often is refused without slowing the others.
/// </summary>
internal sealed class QueryLimitsFilter(
    CallerRateLimiter rates, QueryAdmission admission, RejectionCounters rejections, IOptions<QueryOptions> options, IOptions<RateLimitOptions> rateOptions)
    : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var caller = http.Features.Get<ApiCaller>() ?? throw new InvalidOperationException("Query endpoints must require authorization.");
        var decision = rates.TryTakeQuery(caller);
        if (!decision.Allowed)
        {
            rejections.CountQuery(RejectionReason.RateLimited);
            return LimitProblems.QueryRateLimited(http, decision, caller.QueriesPerSecond, rateOptions.Value.QueriesPerSecond);
        }

        if (!await admission.TryEnterAsync(http.RequestAborted))
        {
            rejections.CountQuery(RejectionReason.Busy);
            return LimitProblems.Busy(http, $"{options.Value.MaxConcurrentQueries} queries are running on this gateway; retry shortly.", TimeSpan.FromSeconds(1));
        }

        try
        {
            return await next(context);
        }
        finally
        {
            admission.Exit();
        }
    }
}
