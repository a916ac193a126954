using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Contracts;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Gateway.Api.Security;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Apis;

/// <summary>
/// A test's alert rules with their state (read keys may look), and its webhooks (admin keys only: a hook is a
/// request TSMetrics makes on someone's behalf). Rules and hooks live in the test's alert grain.
/// </summary>
public static class AlertEndpoints
{
    public static RouteGroupBuilder MapAlertEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/tests/{test}").WithTags("Alerts");
        group.MapGet("/alerts", GetAlertsAsync).WithName("GetAlerts").WithSummary("A test's alert rules (defaults included) and the state of what they watch").ForQueries();
        group.MapPut("/alerts/{rule}", PutRuleAsync).WithName("PutAlertRule").WithSummary("Create or replace an alert rule (a default rule's id changes the default)").ForAdmin();
        group.MapDelete("/alerts/{rule}", DeleteRuleAsync).WithName("DeleteAlertRule").WithSummary("Remove a rule; a default rule returns to its default").ForAdmin();
        group.MapPost("/hooks", AddHookAsync).WithName("AddWebhook").WithSummary("Add a webhook for the test's alerts; the answer shows its signing secret, once").ForAdmin();
        group.MapGet("/hooks", ListHooksAsync).WithName("ListWebhooks").WithSummary("The test's webhooks (never their secrets)").ForAdmin();
        group.MapDelete("/hooks/{id:long}", DeleteHookAsync).WithName("DeleteWebhook").WithSummary("Remove a webhook and its delivery log").ForAdmin();
        group.MapGet("/hooks/{id:long}/deliveries", GetDeliveriesAsync).WithName("GetWebhookDeliveries").WithSummary("A webhook's delivery log: every attempt, newest first").ForAdmin();
        return group;
    }

    internal static async Task<Results<Ok<AlertOverview>, ValidationProblem>> GetAlertsAsync(
        string test, IGrainFactory grains, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        if (NameRules.Check(test, options.Value.MaxNameLength) is { } problem) return Invalid("test", problem);
        return TypedResults.Ok(await grains.GetGrain<IAlertGrain>(test).GetOverviewAsync(cancellationToken));
    }

    internal static async Task<Results<Ok<AlertRule>, ValidationProblem>> PutRuleAsync(
        string test, string rule, AlertRuleRequest body, IGrainFactory grains, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (NameRules.Check(test, options.Value.MaxNameLength) is { } testProblem) errors["test"] = [testProblem];
        var parsed = AlertRuleReader.Read(rule, body, options.Value.MaxNameLength, errors);
        if (parsed is null) return TypedResults.ValidationProblem(errors, title: "The request was rejected");
        await grains.GetGrain<IAlertGrain>(test).PutRuleAsync(parsed, cancellationToken);
        return TypedResults.Ok(parsed);
    }

    internal static async Task<Results<NoContent, NotFound, ValidationProblem>> DeleteRuleAsync(
        string test, string rule, IGrainFactory grains, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        if (NameRules.Check(test, options.Value.MaxNameLength) is { } problem) return Invalid("test", problem);
        if (NameRules.Check(rule, options.Value.MaxNameLength) is { } ruleProblem) return Invalid("rule", ruleProblem);
        return await grains.GetGrain<IAlertGrain>(test).DeleteRuleAsync(rule, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    internal static async Task<Results<Created<WebhookCreated>, ValidationProblem>> AddHookAsync(
        string test, WebhookRequest body, IGrainFactory grains, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        if (NameRules.Check(test, options.Value.MaxNameLength) is { } problem) return Invalid("test", problem);
        if (string.IsNullOrWhiteSpace(body.Url)) return Invalid("url", "is required: an http or https URL.");
        var created = await grains.GetGrain<IAlertGrain>(test).AddHookAsync(body.Url, cancellationToken);
        if (created.Hook is not { } hook || created.Secret is not { } secret) return Invalid("url", created.Error ?? "was refused.");
        return TypedResults.Created(
            $"/v1/tests/{Uri.EscapeDataString(test)}/hooks/{hook.Id}",
            new WebhookCreated(hook.Id, hook.Test, hook.Url, hook.CreatedAt, secret, "X-TSMetrics-Signature", "sha256=<hex of HMAC-SHA256(secret, body)>"));
    }

    internal static async Task<Results<Ok<WebhookInfo[]>, ValidationProblem>> ListHooksAsync(
        string test, IGrainFactory grains, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        if (NameRules.Check(test, options.Value.MaxNameLength) is { } problem) return Invalid("test", problem);
        return TypedResults.Ok(await grains.GetGrain<IAlertGrain>(test).GetHooksAsync(cancellationToken));
    }

    internal static async Task<Results<NoContent, NotFound, ValidationProblem>> DeleteHookAsync(
        string test, long id, IGrainFactory grains, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        if (NameRules.Check(test, options.Value.MaxNameLength) is { } problem) return Invalid("test", problem);
        return await grains.GetGrain<IAlertGrain>(test).DeleteHookAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    internal static async Task<Results<Ok<WebhookAttempt[]>, ProblemHttpResult, ValidationProblem>> GetDeliveriesAsync(
        string test, long id, int? limit, IGrainFactory grains, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        if (NameRules.Check(test, options.Value.MaxNameLength) is { } problem) return Invalid("test", problem);
        if (limit is < 1 or > 1000) return Invalid("limit", "must be between 1 and 1000.");
        var attempts = await grains.GetGrain<IAlertGrain>(test).GetDeliveriesAsync(id, limit ?? 100, cancellationToken);
        return attempts is null
            ? TypedResults.Problem($"id: test '{test}' has no webhook {id}.", statusCode: StatusCodes.Status404NotFound, title: "No such webhook")
            : TypedResults.Ok(attempts);
    }

    private static ValidationProblem Invalid(string field, string problem) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [problem] }, title: "The request was rejected");
}
