using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Gateway.Api.Security;

namespace TSMetrics.Gateway.Api.Limits;

/// <summary>
/// Every query passes the caller's query rate (429), then the gateway's concurrency cap (503), then runs
/// under a time-out (503): a client that asks too much or too often is refused without slowing the others.
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

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(options.Value.Timeout);
        var aborted = http.RequestAborted;
        try
        {
            // Handlers take the request's token; swapping it makes the time-out cancel their database and grain calls.
            http.RequestAborted = timeout.Token;
            ReplaceTokens(context.Arguments, aborted, timeout.Token);
            return await next(context);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !aborted.IsCancellationRequested)
        {
            rejections.CountQuery(RejectionReason.TimedOut);
            return LimitProblems.Busy(http,
                $"The query ran longer than the limit of {options.Value.Timeout}; ask for a shorter span or a coarser granularity.", TimeSpan.FromSeconds(1));
        }
        finally
        {
            http.RequestAborted = aborted;
            admission.Exit();
        }
    }

    private static void ReplaceTokens(IList<object?> arguments, CancellationToken original, CancellationToken replacement)
    {
        for (var i = 0; i < arguments.Count; i++)
            if (arguments[i] is CancellationToken token && token == original) arguments[i] = replacement;
    }
}
