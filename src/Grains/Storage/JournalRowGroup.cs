using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Storage;

/// <summary>The points of one batch that share a variant and an hour: one journal row.</summary>
public sealed class JournalRowGroup
{
    private JournalRowGroup(int variantIndex, long hour, int count)
    {
        VariantIndex = variantIndex;
        Hour = hour;
        Times = new DateTime[count];
        Values = new double[count];
    }

    public int VariantIndex { get; }

    public long Hour { get; }

    public DateTime[] Times { get; private set; }

    public double[] Values { get; private set; }

    public string?[]? UserIds { get; private set; }

    public string?[]? Tags { get; private set; }

    public long FirstMicros { get; private set; } = long.MaxValue;

    public long LastMicros { get; private set; } = long.MinValue;

    /// <summary>Splits a batch into rows: one pass counts each (variant, hour), a second fills exact-size arrays.</summary>
    public static List<JournalRowGroup> Split(PointBatch batch, long microsPerHour)
    {
        var points = batch.Points;
        var counts = new Dictionary<(int Variant, long Hour), int>();
        foreach (ref readonly var point in points.AsSpan())
        {
            var key = (point.VariantIndex, point.UnixMicros / microsPerHour);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        var groups = new Dictionary<(int Variant, long Hour), JournalRowGroup>(counts.Count);
        foreach (var ((variant, hour), count) in counts) groups[(variant, hour)] = new JournalRowGroup(variant, hour, count);
        var filled = new Dictionary<(int Variant, long Hour), int>(counts.Count);
        foreach (ref readonly var point in points.AsSpan())
        {
            var key = (point.VariantIndex, point.UnixMicros / microsPerHour);
            var group = groups[key];
            var at = filled.GetValueOrDefault(key);
            filled[key] = at + 1;
            group.Set(at, point);
        }

        return [.. groups.Values];
    }

    private void Set(int at, in SeriesPoint point)
    {
        Times[at] = UnixTime.FromMicros(point.UnixMicros);
        Values[at] = point.Value;
        if (point.UserId is not null) (UserIds ??= new string?[Times.Length])[at] = point.UserId;
        if (point.TagsJson is not null) (Tags ??= new string?[Times.Length])[at] = point.TagsJson;
        if (point.UnixMicros < FirstMicros) FirstMicros = point.UnixMicros;
        if (point.UnixMicros > LastMicros) LastMicros = point.UnixMicros;
    }
}
