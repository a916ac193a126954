using System.Globalization;
using System.Net.ServerSentEvents;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Comparisons;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Gateway.Api.Live;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Gateway.Api.Security;

namespace TSMetrics.Gateway.Api.Apis;

/// <summary>
/// Live push of a test's comparison (and, on request, its points): Server-Sent Events at /live and a
/// WebSocket at /ws, with the same messages. A new comparison arrives whenever the numbers change, at most
/// a few times a second.
/// </summary>
public static class LiveEndpoints
{
    public static RouteGroupBuilder MapLiveEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/tests/{test}").WithTags("Live");
        group.MapGet("/live", StreamEvents)
            .WithName("LiveComparisonEvents")
            .WithSummary("Server-Sent Events: 'comparison' whenever the numbers change; 'points' as they arrive with points=true")
            .ForLiveStreams();
        group.MapGet("/ws", StreamWebSocketAsync)
            .WithName("LiveComparisonWebSocket")
            .WithSummary("WebSocket: the same messages as /live, as JSON text frames {type, version, data}")
            .ForLiveStreams();

        // Plain metrics (no A/B test) push the same way: per metric n/mean/sd, and the points.
        var plain = routes.MapGroup("/v1/metrics").WithTags("Live");
        plain.MapGet("/live", (HttpContext context, bool? points, LiveSession session, IOptions<IngestOptions> ingest, CancellationToken cancellationToken) =>
                StreamEvents(context, SeriesKey.PlainMetricsTestKey, null, null, null, null, null, null, points, session, ingest, cancellationToken))
            .WithName("LivePlainMetricEvents")
            .WithSummary("Server-Sent Events for plain metrics: 'comparison' (per metric n/mean/sd) and, with points=true, every point")
            .ForLiveStreams();
        plain.MapGet("/ws", (HttpContext context, bool? points, LiveSession session, IOptions<JsonOptions> json, IOptions<IngestOptions> ingest, CancellationToken cancellationToken) =>
                StreamWebSocketAsync(context, SeriesKey.PlainMetricsTestKey, null, null, null, null, null, null, points, session, json, ingest, cancellationToken))
            .WithName("LivePlainMetricWebSocket")
            .WithSummary("WebSocket for plain metrics: the same messages as /v1/metrics/live")
            .ForLiveStreams();
        return group;
    }

    internal static Results<ServerSentEventsResult<object>, ValidationProblem> StreamEvents(
        HttpContext context, string test, string? method, string? alpha, string? control, string? type, string? correction, string? tuning,
        bool? points, LiveSession session, IOptions<IngestOptions> ingest, CancellationToken cancellationToken)
    {
        var settings = ReadSettings(test, method, alpha, control, type, correction, tuning, ingest.Value.MaxNameLength, out var errors);
        if (settings is null) return TypedResults.ValidationProblem(errors, title: "The live request was rejected");

        context.Response.Headers["X-Accel-Buffering"] = "no"; // nginx would otherwise hold events back
        return TypedResults.ServerSentEvents(ToEvents(session.RunAsync(test, settings, points == true, cancellationToken)));
    }

    // A keep-alive first: the framework sends headers with the first event, and a quiet test may have
    // nothing to say for a while. Keep-alives carry {} so that clients parsing every event's data as JSON can.
    private static async IAsyncEnumerable<SseItem<object>> ToEvents(IAsyncEnumerable<LiveMessage?> messages)
    {
        yield return KeepAliveEvent;
        await foreach (var message in messages)
            yield return message is null
                ? KeepAliveEvent
                : new SseItem<object>(message.Data, message.Type) { EventId = message.Version.ToString(CultureInfo.InvariantCulture) };
    }

    private static readonly SseItem<object> KeepAliveEvent = new(new Dictionary<string, object>(), "keep-alive");

    internal static async Task<Results<EmptyHttpResult, ValidationProblem>> StreamWebSocketAsync(
        HttpContext context, string test, string? method, string? alpha, string? control, string? type, string? correction, string? tuning,
        bool? points, LiveSession session, IOptions<JsonOptions> json, IOptions<IngestOptions> ingest, CancellationToken cancellationToken)
    {
        var settings = ReadSettings(test, method, alpha, control, type, correction, tuning, ingest.Value.MaxNameLength, out var errors);
        if (!context.WebSockets.IsWebSocketRequest) errors["connection"] = ["must be a WebSocket upgrade request; use /live for Server-Sent Events."];
        if (settings is null || errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The live request was rejected");

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receiving = DrainUntilClosedAsync(socket, closed);
        try
        {
            await foreach (var message in session.RunAsync(test, settings, points == true, closed.Token))
            {
                if (message is null) continue;
                var bytes = JsonSerializer.SerializeToUtf8Bytes(message, json.Value.SerializerOptions);
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, closed.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            // The client closed the socket or went away.
        }

        await closed.CancelAsync();
        await receiving;
        // Answer the client's close, or close ourselves when the session ended first.
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        return TypedResults.Empty;
    }

    // Reads (and ignores) client frames so a close from the client is noticed promptly.
    private static async Task DrainUntilClosedAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, closed.Token);
                if (result.MessageType == WebSocketMessageType.Close) break;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            // Closing either way.
        }

        await closed.CancelAsync();
    }

    private static ComparisonSettings? ReadSettings(
        string test, string? method, string? alpha, string? control, string? type, string? correction, string? tuning, int maxNameLength,
        out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (test != SeriesKey.PlainMetricsTestKey && NameRules.Check(test, maxNameLength) is { } problem) errors["test"] = [problem];
        return ComparisonSettingsReader.Read(method, alpha, control, type, correction, tuning, null, null, maxNameLength, errors);
    }
}
