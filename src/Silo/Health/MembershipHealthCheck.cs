using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace TSMetrics.Silo.Health;

/// <summary>Ready only while this silo is an active member of the cluster (joined, not shutting down or declared dead).</summary>
internal sealed class MembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"Silo {silo.SiloAddress} is active.")
            : HealthCheckResult.Unhealthy($"Silo {silo.SiloAddress} is {status}."));
    }
}
