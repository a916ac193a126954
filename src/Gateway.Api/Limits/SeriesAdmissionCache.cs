using System.Collections.Concurrent;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Limits;

/// <summary>
/// The series this gateway has seen admitted. A request whose series are all here costs one dictionary
/// lookup per series (not per point); only new series go to the cluster's <see cref="ICardinalityGrain"/>.
/// </summary>
public sealed class SeriesAdmissionCache(IGrainFactory grains)
{
    // Admitted series are never un-admitted, so a full cache is simply emptied and refilled on demand.
    private const int MaxRemembered = 1_000_000;
    private readonly ConcurrentDictionary<SeriesName, byte> _admitted = new();

    public async ValueTask<SeriesAdmission> AdmitAsync(List<(SeriesKey Key, PointBatch Batch)> groups)
    {
        List<SeriesName>? unknown = null;
        foreach (var (key, batch) in groups)
            foreach (var variant in batch.Variants)
            {
                var name = new SeriesName(key.Test, key.Metric, variant);
                if (!_admitted.ContainsKey(name)) (unknown ??= []).Add(name);
            }

        if (unknown is null) return SeriesAdmission.Yes;
        var admission = await grains.GetGrain<ICardinalityGrain>(0).AdmitAsync([.. unknown]);
        if (!admission.Admitted) return admission;
        if (_admitted.Count + unknown.Count > MaxRemembered) _admitted.Clear();
        foreach (var name in unknown) _admitted.TryAdd(name, 0);
        return admission;
    }
}
