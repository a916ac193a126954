using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>Groups validated points into one <see cref="PointBatch"/> per (test, metric): one grain call each.</summary>
internal static class SeriesGrouper
{
    public static List<(SeriesKey Key, PointBatch Batch)> Group(List<RawPoint> points, string batchId)
    {
        var groups = new Dictionary<SeriesKey, Builder>();
        Builder? last = null;
        SeriesKey lastKey = default;
        foreach (ref readonly var point in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(points))
        {
            var key = new SeriesKey(point.Test ?? "", point.Metric!);
            // Batches are usually runs of one series: skip the dictionary while the series repeats.
            if (last is null || !ReferenceEquals(key.Metric, lastKey.Metric) || !ReferenceEquals(key.Test, lastKey.Test))
            {
                if (!groups.TryGetValue(key, out last)) groups[key] = last = new Builder();
                lastKey = key;
            }

            last.Add(point);
        }

        var result = new List<(SeriesKey, PointBatch)>(groups.Count);
        foreach (var (key, builder) in groups) result.Add((key, builder.Build(batchId)));
        return result;
    }

    private sealed class Builder
    {
        private readonly List<string> _variants = [];
        private readonly List<SeriesPoint> _points = [];

        public void Add(in RawPoint point)
        {
            var variant = point.Variant ?? "";
            var index = _variants.IndexOf(variant);
            if (index < 0)
            {
                index = _variants.Count;
                _variants.Add(variant);
            }

            _points.Add(new SeriesPoint(point.TimeMicros, point.Value, index, point.UserId, point.TagsJson, point.Category, point.Summary));
        }

        public PointBatch Build(string batchId) => new([.. _variants], [.. _points], batchId);
    }
}
