using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Hosting;

/// <summary>
/// Turns "a dependency is down" (TimescaleDB, the silos) into 503 with Retry-After instead of a 500: the
/// request was fine, the client should simply try again shortly.
/// </summary>
internal sealed partial class UnavailableExceptionHandler(IProblemDetailsService problems, ILogger<UnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception)) return false;
        LogUnavailable(logger, exception, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Title = "Service unavailable", Detail = "Storage or the cluster is unavailable; retry after a moment.", Status = 503 },
        });
    }

    private static bool IsUnavailable(Exception exception) => exception switch
    {
        // Server-side errors mean "down" only for shutdowns, overload and tables a silo has not created yet;
        // any other PostgresException is a bug and stays a 500.
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.AdminShutdown
            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections || postgres.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException or TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or StorageUnavailableException => true,
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request to {Path} answered 503: a dependency is unavailable")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string path);
}
