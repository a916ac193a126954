using TSMetrics.Grains.Interfaces;
using Orleans.Runtime;
using TSMetrics.Gateway.Api.Contracts;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>
/// What the cluster holds in memory, from Orleans' management grain: active series grains (each one keeps
/// its series' recent buckets), all activations, and the silos' memory; then what the active series grains
/// hold, each asked for its own report (at most <see cref="MaxSeriesRead"/> of them, extrapolated beyond),
/// and this gateway's hits and misses of memory against storage.
/// </summary>
public sealed class ClusterMemoryReader(IClusterClient client, MemoryHitCounters hits)
{
    /// <summary>Most series grains one request asks for their report: a diagnostic must not load a large cluster.</summary>
    public const int MaxSeriesRead = 10_000;

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

        var details = await management.GetDetailedGrainStatistics(null, silos).WaitAsync(cancellationToken);
        var seriesIds = details.Where(d => d.GrainType.StartsWith(SeriesGrainType, StringComparison.Ordinal)).Select(d => d.GrainId).Take(MaxSeriesRead).ToList();
        var reports = await Task.WhenAll(seriesIds.Select(id => client.GetGrain<ISeriesGrain>(id).GetMemoryAsync(cancellationToken)));
        long buckets = 0, withParts = 0, units = 0, bytes = 0;
        foreach (var report in reports)
        {
            buckets += report.Buckets;
            withParts += report.BucketsWithParts;
            units += report.Units;
            bytes += report.EstimatedBytes;
        }

        var scale = reports.Length == 0 ? 1.0 : Math.Max(1.0, (double)series / reports.Length);
        var (hitCount, missCount) = (hits.Hits, hits.Misses);
        return new FastApiCacheInfo(true, silos.Length, series, activations, used, available,
            (long)(buckets * scale), (long)(withParts * scale), (long)(units * scale), (long)(bytes * scale), reports.Length, scale > 1,
            hitCount, missCount, hitCount + missCount == 0 ? null : (double)hitCount / (hitCount + missCount));
    }
}
