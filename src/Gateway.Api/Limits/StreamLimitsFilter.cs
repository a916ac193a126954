using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Security;

namespace TSMetrics.Gateway.Api.Limits;

/// <summary>Opening a live stream counts as one query against the caller's query rate (429 beyond it).</summary>
internal sealed class StreamLimitsFilter(CallerRateLimiter rates, RejectionCounters rejections, IOptions<RateLimitOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var caller = http.Features.Get<ApiCaller>() ?? throw new InvalidOperationException("Live endpoints must require authorization.");
        var decision = rates.TryTakeQuery(caller);
        if (decision.Allowed) return await next(context);
        rejections.CountQuery(RejectionReason.RateLimited);
        return LimitProblems.QueryRateLimited(http, decision, caller.QueriesPerSecond, options.Value.QueriesPerSecond);
    }
}
