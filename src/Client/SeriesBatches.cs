namespace TSMetrics.Client;

/// <summary>Splits points taken from the buffer into one list per series (test, metric, variant); the lists are reused.</summary>
internal sealed class SeriesBatches
{
    private readonly Dictionary<(string Test, string Metric, string Variant), List<BufferedPoint>> _bySeries = [];
    private readonly List<List<BufferedPoint>> _filled = [];

    public int Count { get; private set; }

    /// <summary>The series lists that hold points, in order of first appearance.</summary>
    public IReadOnlyList<List<BufferedPoint>> Filled => _filled;

    public void Add(in BufferedPoint point)
    {
        var key = (point.Test, point.Metric, point.Variant);
        if (!_bySeries.TryGetValue(key, out var list))
        {
            list = [];
            _bySeries[key] = list;
        }

        if (list.Count == 0) _filled.Add(list);
        list.Add(point);
        Count++;
    }

    public void Clear()
    {
        foreach (var list in _filled) list.Clear();
        _filled.Clear();
        Count = 0;
        // Series that went quiet should not be held forever.
        if (_bySeries.Count > 10_000) _bySeries.Clear();
    }
}
