using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TSMetrics.Client;
using TSMetrics.Tests.Api;

namespace TSMetrics.Tests.Client;

/// <summary>A TSMetrics.Client registered the way an application registers it, pointed at a gateway under test.</summary>
public sealed class ClientHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public ClientHarness(Uri baseAddress, Action<TsMetricsClientOptions>? configure = null, Func<HttpMessageHandler>? primaryHandler = null,
        Func<DelegatingHandler>? recorder = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()); // as a host has it
        services.AddLogging(logging => logging.AddProvider(Logs));
        var http = services.AddTsMetricsClient(options =>
        {
            options.BaseAddress = baseAddress;
            options.FlushInterval = TimeSpan.FromMilliseconds(100);
            configure?.Invoke(options);
        });
        if (primaryHandler is not null) http.ConfigurePrimaryHttpMessageHandler(primaryHandler);
        if (recorder is not null) http.AddHttpMessageHandler(recorder);
        _services = services.BuildServiceProvider(validateScopes: true);
        Client = _services.GetRequiredService<ITsMetricsClient>();
    }

    public ITsMetricsClient Client { get; }

    public CapturedLogs Logs { get; } = new();

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>Every raw point of one series, read back through the API (paged), as their values.</summary>
    public static async Task<List<double>> StoredValuesAsync(HttpClient http, string test, string metric, string? variant)
    {
        var values = new List<double>();
        var from = Uri.EscapeDataString(ApiJson.Iso(DateTime.UtcNow.AddHours(-1)));
        var to = Uri.EscapeDataString(ApiJson.Iso(DateTime.UtcNow.AddMinutes(5)));
        for (var skip = 0; ; skip += 10_000)
        {
            var page = await http.GetJsonAsync(
                $"/v1/points?test={test}&metric={metric}&variant={variant}&from={from}&to={to}&skip={skip}&limit=10000");
            foreach (var point in page.GetProperty("points").EnumerateArray()) values.Add(point.GetProperty("value").GetDouble());
            if (page.GetProperty("isComplete").GetBoolean()) return values;
        }
    }
}

/// <summary>Log messages the client wrote, for tests that assert what it logged.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Entries.Enqueue((logLevel, formatter(state, exception) + (exception is null ? "" : " " + exception)));
    }
}

/// <summary>Records every answer (and when its request was sent), passing requests on unchanged.</summary>
public sealed class RecordingHandler : DelegatingHandler
{
    public ConcurrentQueue<(DateTime SentAt, DateTime AnsweredAt, int Status, TimeSpan? RetryAfter, string? Key)> Exchanges { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sentAt = DateTime.UtcNow;
        var key = request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.First() : null;
        var response = await base.SendAsync(request, cancellationToken);
        Exchanges.Enqueue((sentAt, DateTime.UtcNow, (int)response.StatusCode, response.Headers.RetryAfter?.Delta, key));
        return response;
    }
}

/// <summary>Passes the first <paramref name="count"/> requests on, then loses their answers: the gateway stored them, the client never hears.</summary>
public sealed class LostAnswerHandler(int count) : DelegatingHandler
{
    private int _lost;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (Interlocked.Increment(ref _lost) > count) return response;
        response.Dispose();
        throw new HttpRequestException("The connection was reset after the request was sent (test).");
    }
}
