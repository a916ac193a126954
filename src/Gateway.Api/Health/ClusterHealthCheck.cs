using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TSMetrics.Gateway.Api.Health;

/// <summary>Ready only while the gateway reaches the cluster and it has an active silo: ingest needs one.</summary>
internal sealed class ClusterHealthCheck(IClusterClient cluster) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var silos = await cluster.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(cancellationToken);
            return silos.Count > 0
                ? HealthCheckResult.Healthy($"{silos.Count} active silo(s).")
                : HealthCheckResult.Unhealthy("The cluster has no active silo.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The cluster does not answer.", exception);
        }
    }
}
