using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace TSMetrics.Gateway.Api.Security;

/// <summary>
/// Answers 401 (no valid key) and 403 (a key without the needed scope) as ProblemDetails that say which,
/// before the endpoint runs, so a refused request does nothing.
/// </summary>
internal sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            var reason = context.Features.Get<AuthenticationFailure>()?.Reason ?? $"Send an API key in the {ApiKeyAuthenticationHandler.HeaderName} header.";
            context.Response.Headers.WWWAuthenticate = ApiKeyAuthenticationHandler.SchemeName;
            await WriteAsync(context, StatusCodes.Status401Unauthorized, "API key required", reason);
            return;
        }

        if (authorizeResult.Forbidden)
        {
            var caller = context.Features.Get<ApiCaller>();
            var needed = NeededScopes(authorizeResult.AuthorizationFailure);
            var has = caller is null ? "none" : string.Join(", ", caller.Scopes);
            await WriteAsync(context, StatusCodes.Status403Forbidden, "Scope missing",
                $"{ApiKeyAuthenticationHandler.HeaderName}: this key's scopes ({has}) do not include {needed}.");
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private static string NeededScopes(AuthorizationFailure? failure)
    {
        if (failure is null) return "the needed scope";
        foreach (var requirement in failure.FailedRequirements)
            if (requirement is ClaimsAuthorizationRequirement { AllowedValues: { } allowed }) return string.Join(" or ", allowed);
        return "the needed scope";
    }

    private Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = { ["field"] = ApiKeyAuthenticationHandler.HeaderName } },
        }).AsTask();
    }
}
