using Microsoft.AspNetCore.Mvc.Testing;
using TSMetrics.Tests.Infrastructure;
using TSMetrics.Tests.Security;

namespace TSMetrics.Tests.Otlp;

/// <summary>
/// A gateway on the shared cluster served by real Kestrel on two loopback ports, the main API's and the
/// OTLP receiver's, with API keys required (the bootstrap admin key may ingest and read).
/// </summary>
public sealed class OtlpGateway : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private OtlpGateway(WebApplicationFactory<Program> factory, int apiPort, int otlpPort)
    {
        _factory = factory;
        ApiPort = apiPort;
        OtlpPort = otlpPort;
        Api = Client(apiPort, SecuredGateway.BootstrapKey);
        Otlp = Client(otlpPort, SecuredGateway.BootstrapKey);
    }

    public int ApiPort { get; }

    public int OtlpPort { get; }

    /// <summary>The main API, with the admin key.</summary>
    public HttpClient Api { get; }

    /// <summary>The OTLP port, with the admin key.</summary>
    public HttpClient Otlp { get; }

    public static OtlpGateway Start(ClusterFixture fixture, IReadOnlyDictionary<string, string>? settings = null)
    {
        var (apiPort, otlpPort) = (ServiceProcess.FreePort(), ServiceProcess.FreePort());
        var all = new Dictionary<string, string>
        {
            ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{apiPort}",
            ["TSMetrics:Otlp:Enabled"] = "true",
            ["TSMetrics:Otlp:Port"] = otlpPort.ToString(),
            ["TSMetrics:Otlp:Host"] = "127.0.0.1",
            ["TSMetrics:Security:RequireApiKeys"] = "true",
            ["TSMetrics:Security:BootstrapAdminKey"] = SecuredGateway.BootstrapKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        var factory = fixture.CreateGateway(all);
        factory.UseKestrel();
        factory.StartServer();
        return new OtlpGateway(factory, apiPort, otlpPort);
    }

    public static HttpClient Client(int port, string? key)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Otlp.Dispose();
        await _factory.DisposeAsync();
    }
}
