using System.Runtime.InteropServices;
using TSMetrics.Statistics.Sketches;

namespace TSMetrics.Statistics.Units;

/// <summary>
/// One variant's units for one metric: each unit's running totals by unit-id hash, and the sums over them
/// kept in step. Merging combines the totals of a unit present on both sides, so windows made of
/// buckets that share users merge exactly. Memory grows with the units (about 40 bytes each).
/// Not thread-safe.
/// </summary>
public sealed class UnitAccumulator
{
    private readonly Dictionary<ulong, UnitTotals> _units = [];
    private HashSet<ulong>? _excluded;
    private UnitSums _sums;

    /// <summary>The sums over the units not excluded.</summary>
    public UnitSums Sums => _sums;

    public int UnitCount => _units.Count;

    /// <summary>Units left out of <see cref="Sums"/> (their totals are still kept, so they are stored and rebuilt alike).</summary>
    public int ExcludedCount => _excluded?.Count ?? 0;

    public bool IsExcluded(ulong unitHash) => _excluded is not null && _excluded.Contains(unitHash);

    /// <summary>Leaves a unit out of <see cref="Sums"/> from now on (a user seen in another variant too); false when it already was.</summary>
    public bool Exclude(ulong unitHash)
    {
        if (!(_excluded ??= []).Add(unitHash)) return false;
        if (_units.TryGetValue(unitHash, out var totals)) _sums.Replace(totals.Sum, totals.Points, 0, 0);
        return true;
    }

    /// <summary>Adds a point of a unit, by its id (hashed with <see cref="UnitIdHash"/>).</summary>
    public void Add(ReadOnlySpan<char> unitId, double value) => Add(UnitIdHash.Of(unitId), value);

    /// <summary>Adds a point of a unit, by its id's hash. Allocates only when the table grows.</summary>
    public void Add(ulong unitHash, double value)
    {
        ref var totals = ref CollectionsMarshal.GetValueRefOrAddDefault(_units, unitHash, out _);
        if (_excluded is not null && _excluded.Contains(unitHash))
        {
            totals.Sum += value;
            totals.Points++;
            return;
        }

        _sums.Add(ref totals, value);
    }

    /// <summary>Adds a unit's stored totals (points and sum), as when rebuilding from storage.</summary>
    public void AddTotals(ulong unitHash, long points, double sum)
    {
        ref var totals = ref CollectionsMarshal.GetValueRefOrAddDefault(_units, unitHash, out _);
        var (oldX, oldY) = (totals.Sum, totals.Points);
        totals.Sum += sum;
        totals.Points += points;
        if (!IsExcluded(unitHash)) _sums.Replace(oldX, oldY, totals.Sum, totals.Points);
    }

    /// <summary>Every unit's totals, excluded ones too (storage keeps them whole).</summary>
    public Dictionary<ulong, UnitTotals>.Enumerator GetEnumerator() => _units.GetEnumerator();

    /// <summary>The running totals of one unit (zero points when unseen).</summary>
    public UnitTotals this[ulong unitHash] => _units.GetValueOrDefault(unitHash);

    /// <summary>Adds another accumulator's units; a unit on both sides counts once, with its totals added.</summary>
    public void Merge(UnitAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (unit, theirs) in other._units)
        {
            ref var mine = ref CollectionsMarshal.GetValueRefOrAddDefault(_units, unit, out _);
            var (oldX, oldY) = (mine.Sum, mine.Points);
            mine.Sum += theirs.Sum;
            mine.Points += theirs.Points;
            _sums.Replace(oldX, oldY, mine.Sum, mine.Points);
        }
    }
}
