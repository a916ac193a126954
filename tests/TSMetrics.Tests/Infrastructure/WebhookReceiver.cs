using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TSMetrics.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, random port) that records every request it gets. It can fail
/// the first few requests, answer with a redirect, or hang, as the receivers webhooks meet do.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _requests = new();
    private int _failuresLeft;
    private int _held;

    private WebhookReceiver(WebApplication app, int failFirst)
    {
        _app = app;
        _failuresLeft = failFirst;
    }

    /// <summary>Where to point a hook.</summary>
    public string Url { get; private set; } = "";

    /// <summary>When set, every request is answered with 307 to this address.</summary>
    public string? RedirectTo { get; init; }

    /// <summary>When set, requests are never answered (until the caller gives up), as a dead receiver behaves.</summary>
    public bool Hang { get; init; }

    /// <summary>Requests that arrived and are held unanswered.</summary>
    public int Held => _held;

    /// <summary>Every request, in arrival order, with the status it was given.</summary>
    public IReadOnlyList<Received> Requests => _requests.ToArray();

    /// <summary>The requests answered 2xx.</summary>
    public IReadOnlyList<Received> Accepted => _requests.Where(r => r.Status is >= 200 and < 300).ToArray();

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0, string? redirectTo = null, bool hang = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The test folder holds the gateway's appsettings.json, whose Kestrel endpoint (5221) is not ours.
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, failFirst) { RedirectTo = redirectTo, Hang = hang };
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        receiver.Url = $"http://127.0.0.1:{address.Port}/hook";
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        if (Hang)
        {
            Interlocked.Increment(ref _held);
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the sender gave up
            }
        }

        int status;
        if (RedirectTo is not null)
        {
            status = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = RedirectTo;
        }
        else
        {
            status = Interlocked.Decrement(ref _failuresLeft) >= 0 ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
        }

        _requests.Enqueue(new Received(
            DateTime.UtcNow, context.Request.Headers["X-TSMetrics-Event"].ToString(), context.Request.Headers["X-TSMetrics-Signature"].ToString(),
            context.Request.ContentType, body, status));
        context.Response.StatusCode = status;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>One request as received.</summary>
    public sealed record Received(DateTime At, string EventId, string Signature, string? ContentType, string Body, int Status)
    {
        public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;
    }
}
