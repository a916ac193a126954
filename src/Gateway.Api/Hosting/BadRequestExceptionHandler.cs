using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace TSMetrics.Gateway.Api.Hosting;

/// <summary>
/// Request bodies that the framework cannot bind (broken JSON, a string where a number belongs) become a
/// 400 ProblemDetails naming the JSON path, instead of an empty 400 (or, in development, a 500).
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest) return false;
        var field = FieldOf(exception) ?? "body";
        var reason = Innermost(exception).Message;
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = badRequest.StatusCode,
                Title = "The request body could not be read",
                Detail = $"{field}: {reason}",
                Extensions = { ["errors"] = new Dictionary<string, string[]> { [field] = [reason] } },
            },
        });
    }

    // "$.weights['A']" names the field "weights.A"; the root "$" is the body itself.
    private static string? FieldOf(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is JsonException { Path: { Length: > 1 } path } && path.StartsWith("$.", StringComparison.Ordinal))
                return path[2..].Replace("['", ".", StringComparison.Ordinal).Replace("']", "", StringComparison.Ordinal);
        }

        return null;
    }

    private static Exception Innermost(Exception exception)
    {
        var current = exception;
        while (current.InnerException is not null) current = current.InnerException;
        return current;
    }
}
