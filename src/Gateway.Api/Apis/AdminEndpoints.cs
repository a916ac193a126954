using Microsoft.AspNetCore.Http.HttpResults;
using TSMetrics.Gateway.Api.Contracts;
using TSMetrics.Gateway.Api.Limits;
using TSMetrics.Gateway.Api.Security;

namespace TSMetrics.Gateway.Api.Apis;

/// <summary>Key management and the rejection counters; admin keys only.</summary>
public static class AdminEndpoints
{
    private const int MaxKeyNameLength = 128;

    public static RouteGroupBuilder MapAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/admin").WithTags("Admin").ForAdmin();
        group.MapPost("/keys", CreateKeyAsync).WithName("CreateApiKey").WithSummary("Create an API key; its secret is shown in this answer only");
        group.MapGet("/keys", ListKeysAsync).WithName("ListApiKeys").WithSummary("Every key (never its secret), revoked ones too");
        group.MapDelete("/keys/{id}", RevokeKeyAsync).WithName("RevokeApiKey").WithSummary("Revoke a key; it stops working at once on this gateway and within the key cache time elsewhere");
        group.MapGet("/rejections", (RejectionCounters counters) => TypedResults.Ok(counters.Snapshot()))
            .WithName("GetRejections").WithSummary("Refused requests and their points since this gateway started, by reason");
        return group;
    }

    internal static async Task<Results<Created<CreatedKeyResponse>, ValidationProblem>> CreateKeyAsync(
        CreateKeyRequest body, ApiKeyStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Name)) errors["name"] = ["is required: say who will use the key."];
        else if (body.Name.Length > MaxKeyNameLength || body.Name.Any(char.IsControl))
            errors["name"] = [$"must be at most {MaxKeyNameLength} characters without control characters."];
        if (body.Scopes is not { Length: > 0 }) errors["scopes"] = ["is required: one or more of ingest, read, admin."];
        else if (body.Scopes.FirstOrDefault(scope => !ApiScopes.IsKnown(scope)) is { } unknown)
            errors["scopes"] = [$"'{Truncate(unknown)}' is not a scope; use ingest, read or admin."];
        if (body.IngestPointsPerSecond is <= 0) errors["ingestPointsPerSecond"] = ["must be 1 or more."];
        if (body.QueriesPerSecond is <= 0) errors["queriesPerSecond"] = ["must be 1 or more."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The key was not created");

        var secret = ApiKeySecret.Create();
        var scopes = body.Scopes!.Distinct(StringComparer.Ordinal).ToArray();
        var key = await store.CreateAsync(body.Name!, secret, scopes, body.IngestPointsPerSecond, body.QueriesPerSecond, cancellationToken);
        return TypedResults.Created($"/v1/admin/keys/{key.Id}", new CreatedKeyResponse(
            key.Id, key.Name, secret, key.Prefix, key.Scopes, key.IngestPointsPerSecond, key.QueriesPerSecond, key.CreatedAt));
    }

    internal static async Task<Ok<List<ApiKeyRecord>>> ListKeysAsync(ApiKeyStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    internal static async Task<Results<NoContent, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>, ValidationProblem>> RevokeKeyAsync(
        string id, ApiKeyStore store, ApiKeyResolver resolver, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var keyId))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["must be a key id (a positive integer)."] });
        if (!await store.RevokeAsync(keyId, cancellationToken))
            return TypedResults.NotFound(new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = 404, Title = "No such key", Detail = $"id: no live key has id {keyId}." });
        resolver.Forget();
        return TypedResults.NoContent();
    }

    private static string Truncate(string text) => text.Length <= 32 ? text : text[..32] + "...";
}
