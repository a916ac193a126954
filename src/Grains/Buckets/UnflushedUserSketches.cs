using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics.Sketches;

namespace TSMetrics.Grains.Buckets;

/// <summary>
/// The distinct users of a live answer that storage does not have yet, per output bucket: the union of the
/// users of one ring's pending buckets and of the rows a running flush took. A flush commits every tier at
/// once, so a point is either in all the rollups or pending in all the rings; what this collects is the
/// rest of what the rollups' sketches hold, and the caller unions the two.
/// </summary>
internal sealed class UnflushedUserSketches(long fromMicros, long toMicros, long widthMicros, long granularityMicros)
{
    private readonly Dictionary<long, DistinctCountSketch> _byStart = [];

    /// <summary>Adds a bucket's users when the bucket starts within the answer's range.</summary>
    public void Add(long bucketIndex, DistinctCountSketch? users)
    {
        var start = bucketIndex * widthMicros;
        if (users is null || start < fromMicros || start >= toMicros) return;
        var output = AlignedCover.FloorTo(start, granularityMicros);
        if (!_byStart.TryGetValue(output, out var sketch)) _byStart[output] = sketch = BucketUsers.NewSketch();
        sketch.Merge(users);
    }

    /// <summary>Adds the rows of a flush in flight that belong to this ring's variant.</summary>
    public void AddFlushing(IReadOnlyList<RollupRow>? rows, Resolution resolution, int variantIndex)
    {
        if (rows is null) return;
        foreach (var row in rows)
            if (row.Resolution == resolution && row.VariantIndex == variantIndex) Add(row.BucketIndex, row.Parts?.Users);
    }

    public BucketUserSketch[] ToArray()
    {
        if (_byStart.Count == 0) return [];
        var result = new BucketUserSketch[_byStart.Count];
        var at = 0;
        foreach (var (start, sketch) in _byStart) result[at++] = new BucketUserSketch(start, sketch.ToBytes());
        Array.Sort(result, static (a, b) => a.StartMicros.CompareTo(b.StartMicros));
        return result;
    }
}
