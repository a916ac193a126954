using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Alerts;

/// <summary>A cluster whose silos may deliver webhooks to 127.0.0.1, retrying fast; the shared cluster keeps the empty default allow-list.</summary>
public sealed class AlertsClusterFixture : ClusterFixture
{
    public const string DashboardUrl = "http://dashboard.test:5221/";

    protected override IReadOnlyDictionary<string, string> SiloSettings { get; } = new Dictionary<string, string>
    {
        ["TSMetrics:Webhooks:AllowedHosts:0"] = "127.0.0.1",
        ["TSMetrics:Webhooks:PublicBaseUrl"] = DashboardUrl,
        ["TSMetrics:Webhooks:FirstRetryDelay"] = "00:00:00.200",
        ["TSMetrics:Webhooks:Timeout"] = "00:00:02",
    };
}

[CollectionDefinition(Name)]
public sealed class AlertsCollection : ICollectionFixture<AlertsClusterFixture>
{
    public const string Name = "Alerts";
}
