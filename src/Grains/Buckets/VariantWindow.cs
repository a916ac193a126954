using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics.Units;

namespace TSMetrics.Grains.Buckets;

/// <summary>The rings of one variant, one per resolution, and when the variant was last seen.</summary>
public sealed class VariantWindow
{
    private readonly BucketRing[] _rings;

    public VariantWindow(string name, SeriesWindowOptions options)
    {
        Name = name;
        _rings = new BucketRing[RollupTierTable.Resolutions.Length];
        foreach (var resolution in RollupTierTable.Resolutions)
            _rings[(int)resolution] = new BucketRing(resolution, options.SlotsFor(resolution), options.FutureSlotsFor(resolution));
    }

    public string Name { get; }

    /// <summary>Earliest point time folded since the last flush, or long.MaxValue.</summary>
    public long SeenFromMicros { get; private set; } = long.MaxValue;

    /// <summary>Latest point time folded since the last flush, or long.MinValue.</summary>
    public long SeenToMicros { get; private set; } = long.MinValue;

    public BucketRing Ring(Resolution resolution) => _rings[(int)resolution];

    /// <summary>Per-unit totals of the points that carry a user id, since the test's start (or over the whole life of the series).</summary>
    public UnitAccumulator Units { get; private set; } = new();

    /// <summary>What each unit gained since the last flush. Cleared, not reallocated, so it grows only once.</summary>
    public Dictionary<ulong, UnitTotals> PendingUnits { get; } = [];

    public void Add(long timeMicros, in BucketInput input, long nowMicros)
    {
        foreach (var ring in _rings) ring.Add(timeMicros, input, nowMicros);
        if (timeMicros < SeenFromMicros) SeenFromMicros = timeMicros;
        if (timeMicros > SeenToMicros) SeenToMicros = timeMicros;
    }

    /// <summary>Forgets the unit totals (not the pending ones), before they are replaced by rebuilt ones.</summary>
    public void ResetUnits() => Units = new UnitAccumulator();

    public void ResetSeen()
    {
        SeenFromMicros = long.MaxValue;
        SeenToMicros = long.MinValue;
    }

    public void RestoreSeen(long fromMicros, long toMicros)
    {
        if (fromMicros < SeenFromMicros) SeenFromMicros = fromMicros;
        if (toMicros > SeenToMicros) SeenToMicros = toMicros;
    }
}
