using TSMetrics.Tests.Infrastructure;
namespace TSMetrics.Benchmarks.Suite;

/// <summary>The real system under test: one silo and one gateway process on a scratch database, on free ports.</summary>
public sealed class TsMetricsSystem : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private TsMetricsSystem(TestDatabase database, ServiceHost silo, ServiceHost gateway, Uri url)
    {
        Database = database;
        Silo = silo;
        Gateway = gateway;
        Url = url;
    }

    public TestDatabase Database { get; }

    public ServiceHost Silo { get; }

    public ServiceHost Gateway { get; }

    public Uri Url { get; }

    public static async Task<TsMetricsSystem> StartAsync(SuiteOptions options, string databaseName, IReadOnlyDictionary<string, string>? siloSettings = null)
    {
        var database = await TestDatabase.CreateAsync(databaseName, options.PostgresHost, options.PostgresPort, poolSize: 60);
        var (siloPort, gatewayPort, httpPort) = (ServiceHost.FreePort(), ServiceHost.FreePort(), ServiceHost.FreePort());
        // The benchmarks measure capacity: one load generator is one client, so per-client rate limits and
        // the cardinality limits (the memory benchmark makes 200,000 series) are set out of the way.
        var siloEnvironment = new Dictionary<string, string>
        {
            ["ConnectionStrings__TimescaleDb"] = database.OwnerConnectionString,
            ["Orleans__SiloPort"] = siloPort.ToString(),
            ["Orleans__GatewayPort"] = gatewayPort.ToString(),
            ["TSMetrics__Cardinality__MaxSeries"] = "100000000",
            ["TSMetrics__Cardinality__MaxNewSeriesPerHour"] = "100000000",
            ["TSMetrics__Cardinality__MaxSeriesPerTest"] = "10000000",
        };
        foreach (var (key, value) in siloSettings ?? new Dictionary<string, string>()) siloEnvironment[key] = value;
        var silo = ServiceHost.Start(options, "Silo", "TSMetrics.Silo", siloEnvironment, $"{databaseName}-silo.log");
        await silo.WaitForTcpAsync(gatewayPort, StartTimeout);
        var gateway = ServiceHost.Start(options, "Gateway.Api", "TSMetrics.Gateway.Api", new Dictionary<string, string>
        {
            ["ConnectionStrings__TimescaleDb"] = database.ApiConnectionString,
            ["Orleans__GatewayPort"] = gatewayPort.ToString(),
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{httpPort}",
            ["TSMetrics__Otlp__Enabled"] = "false", // the benchmarks measure the main API; never hold the shared 4318
            ["TSMetrics__Security__RequireApiKeys"] = "false",
            ["TSMetrics__RateLimits__IngestPointsPerSecond"] = "100000000",
            ["TSMetrics__RateLimits__QueriesPerSecond"] = "1000000",
            ["TSMetrics__Query__MaxConcurrentQueries"] = "10000",
        }, $"{databaseName}-gateway.log");
        await gateway.WaitForTcpAsync(httpPort, StartTimeout);
        return new TsMetricsSystem(database, silo, gateway, new Uri($"http://127.0.0.1:{httpPort}"));
    }

    /// <summary>CPU seconds per process now: silo, gateway and the database backends serving them.</summary>
    public async Task<Dictionary<string, Dictionary<int, double>>> CpuSnapshotAsync() => new()
    {
        ["silo"] = ProcessCpu.Snapshot([Silo.Pid]),
        ["gateway"] = ProcessCpu.Snapshot([Gateway.Pid]),
        ["postgres"] = ProcessCpu.Snapshot(await Database.BackendPidsAsync()),
    };

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Silo.DisposeAsync();
        await Database.DisposeAsync();
    }
}
