using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace TSMetrics.Gateway.Api.Security;

/// <summary>
/// Authenticates the X-Api-Key header. In development mode (RequireApiKeys false) every request is the
/// development caller with every scope, rate-limited per client address.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory loggerFactory, UrlEncoder encoder,
    ApiKeyResolver resolver, IOptions<SecurityOptions> security)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    private const int MaxSecretLength = 256;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[HeaderName];
        if (!security.Value.RequireApiKeys && presented.Count == 0)
        {
            var address = Context.Connection.RemoteIpAddress?.ToString() ?? "local";
            return Success(new ApiCaller("dev:" + address, "development", ApiScopes.All, null, null));
        }

        if (presented.Count == 0) return Fail($"Send an API key in the {HeaderName} header.");
        if (presented.Count > 1) return Fail($"Send one {HeaderName} header, not {presented.Count}.");
        var secret = presented[0]!;
        if (secret.Length is 0 or > MaxSecretLength) return Fail($"{HeaderName}: not a valid key.");
        var caller = await resolver.ResolveAsync(secret, Context.RequestAborted);
        return caller is null ? Fail($"{HeaderName}: the key is unknown or revoked.") : Success(caller);
    }

    private AuthenticateResult Success(ApiCaller caller)
    {
        Context.Features.Set(caller);
        var claims = new List<Claim>(caller.Scopes.Count + 1) { new(ClaimTypes.Name, caller.Name) };
        foreach (var scope in caller.Scopes) claims.Add(new Claim(ApiScopes.ClaimType, scope));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    private AuthenticateResult Fail(string reason)
    {
        Context.Features.Set(new AuthenticationFailure(reason));
        return AuthenticateResult.Fail(reason);
    }
}
