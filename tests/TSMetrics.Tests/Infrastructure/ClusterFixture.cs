using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Orleans.TestingHost;

namespace TSMetrics.Tests.Infrastructure;

/// <summary>
/// One shared system per test collection: a fresh database, a two-silo Orleans test cluster over TCP, and
/// the real gateway (WebApplicationFactory) connected to it as an Orleans client, as in production.
/// Tests use their own test and metric names, so they never see each other's data.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    /// <summary>Short windows and a fast flush, so tests reach "older than memory" and "flushed" quickly.</summary>
    public static readonly IReadOnlyDictionary<string, string> WindowSettings = new Dictionary<string, string>
    {
        ["TSMetrics:Window:SecondBuckets"] = "00:02:00",
        ["TSMetrics:Window:MinuteBuckets"] = "02:00:00",
        ["TSMetrics:Window:HourBuckets"] = "1.00:00:00",
        ["TSMetrics:Window:FlushInterval"] = "00:00:00.200",
    };

    /// <summary>The shared gateway runs in development mode (no keys) with limits out of the way; security tests make their own.</summary>
    public static readonly IReadOnlyDictionary<string, string> OpenGatewaySettings = new Dictionary<string, string>
    {
        ["TSMetrics:Security:RequireApiKeys"] = "false",
        ["TSMetrics:RateLimits:IngestPointsPerSecond"] = "10000000",
        ["TSMetrics:RateLimits:QueriesPerSecond"] = "100000",
    };

    private WebApplicationFactory<Program>? _gateway;

    public TestDatabase Database { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The gateway under test, for its services and its in-memory server (WebSocket clients).</summary>
    public WebApplicationFactory<Program> Gateway => _gateway!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Silo settings a derived fixture adds (limits under test, say).</summary>
    protected virtual IReadOnlyDictionary<string, string> SiloSettings { get; } = new Dictionary<string, string>();

    /// <summary>The database the system runs on; a derived fixture picks another server.</summary>
    protected virtual Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateAsync("tsm_test");

    public async Task InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        var builder = new TestClusterBuilder(2);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Properties["ConnectionStrings:TimescaleDb"] = Database.OwnerConnectionString;
        foreach (var (key, value) in WindowSettings) builder.Properties[key] = value;
        foreach (var (key, value) in SiloSettings) builder.Properties[key] = value;
        builder.AddSiloBuilderConfigurator<TestSiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();

        _gateway = CreateGateway(new Dictionary<string, string>());
        Http = _gateway.CreateClient();
    }

    /// <summary>Another gateway on the same cluster, with some settings overriding <see cref="OpenGatewaySettings"/>; the caller disposes it.</summary>
    public WebApplicationFactory<Program> CreateGateway(IReadOnlyDictionary<string, string> overrides) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:TimescaleDb", Database.ApiConnectionString);
            web.UseSetting("Orleans:GatewayPort", Cluster.Primary!.GatewayAddress!.Endpoint.Port.ToString());
            web.UseSetting("Orleans:ClusterId", Cluster.Options.ClusterId);
            web.UseSetting("Orleans:ServiceId", Cluster.Options.ServiceId);
            web.UseSetting("TSMetrics:Otlp:Enabled", "false"); // no second listener unless a test asks (OtlpGateway)
            foreach (var (key, value) in OpenGatewaySettings) web.UseSetting(key, value);
            foreach (var (key, value) in overrides) web.UseSetting(key, value);
        });

    /// <summary>Deactivates every idle grain: the next call activates it afresh from storage.</summary>
    public Task DeactivateAllGrainsAsync() =>
        Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }

        if (Database is not null) await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Cluster";
}
