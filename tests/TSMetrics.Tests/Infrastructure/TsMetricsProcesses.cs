namespace TSMetrics.Tests.Infrastructure;

/// <summary>Starts the real silo and gateway processes on a test database and waits until they listen.</summary>
public static class TsMetricsProcesses
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static async Task<ServiceProcess> StartSiloAsync(
        TestDatabase database, int siloPort, int gatewayPort, IReadOnlyDictionary<string, string>? settings = null, string? connectionString = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__TimescaleDb"] = connectionString ?? database.OwnerConnectionString,
            ["Orleans__SiloPort"] = siloPort.ToString(),
            ["Orleans__GatewayPort"] = gatewayPort.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        var silo = ServiceProcess.Start("Silo", "TSMetrics.Silo", environment);
        await silo.WaitForTcpAsync(gatewayPort, StartTimeout);
        return silo;
    }

    /// <summary>Development mode (no keys) and rate limits out of the way: these tests are about failures, not limits.</summary>
    public static readonly IReadOnlyDictionary<string, string> OpenGatewayEnvironment = new Dictionary<string, string>
    {
        ["TSMetrics__Security__RequireApiKeys"] = "false",
        ["TSMetrics__RateLimits__IngestPointsPerSecond"] = "10000000",
        ["TSMetrics__RateLimits__QueriesPerSecond"] = "100000",
    };

    public static async Task<ServiceProcess> StartGatewayAsync(
        TestDatabase database, int gatewayPort, int httpPort, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__TimescaleDb"] = database.ApiConnectionString,
            ["Orleans__GatewayPort"] = gatewayPort.ToString(),
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{httpPort}",
            ["TSMetrics__Otlp__Port"] = ServiceProcess.FreePort().ToString(), // never the shared default 4318
        };
        foreach (var (key, value) in OpenGatewayEnvironment) environment[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        var gateway = ServiceProcess.Start("Gateway.Api", "TSMetrics.Gateway.Api", environment);
        await gateway.WaitForTcpAsync(httpPort, StartTimeout);
        return gateway;
    }
}
