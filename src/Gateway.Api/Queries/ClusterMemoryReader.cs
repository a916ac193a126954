using Orleans.Runtime;
using TSMetrics.Gateway.Api.Contracts;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>
/// What the cluster holds in memory, from Orleans' management grain: active series grains (each one keeps
/// its series' recent buckets), all activations, and the silos' memory. Read from the gateway side only;
/// per-grain figures (buckets, bytes, hits and misses against storage) need a grain-side report.
/// </summary>
public sealed class ClusterMemoryReader(IClusterClient client)
{
    // Orleans names grain types "Namespace.Class,Assembly"; the gateway does not reference the grains assembly.
    private const string SeriesGrainType = "TSMetrics.Grains.SeriesGrain,";

    public async Task<FastApiCacheInfo> ReadAsync(CancellationToken cancellationToken)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: true).WaitAsync(cancellationToken);
        var silos = hosts.Keys.ToArray();
        var grains = await management.GetSimpleGrainStatistics(silos).WaitAsync(cancellationToken);
        var runtime = await management.GetRuntimeStatistics(silos).WaitAsync(cancellationToken);

        int series = 0, activations = 0;
        foreach (var statistic in grains)
        {
            activations += statistic.ActivationCount;
            if (statistic.GrainType.StartsWith(SeriesGrainType, StringComparison.Ordinal)) series += statistic.ActivationCount;
        }

        long used = 0, available = 0;
        foreach (var silo in runtime)
        {
            used += silo.EnvironmentStatistics.FilteredMemoryUsageBytes;
            available += silo.EnvironmentStatistics.FilteredAvailableMemoryBytes;
        }

        return new FastApiCacheInfo(true, silos.Length, series, activations, used, available);
    }
}
