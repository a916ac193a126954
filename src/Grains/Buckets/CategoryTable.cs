using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>
/// The string values a series has seen, each with a small id that buckets count by. Bounded: once it holds
/// <c>maxCategories</c> values, every new value counts as <see cref="CategoryCount.Other"/> (the raw
/// points keep the value as sent), so one metric with free-text values cannot grow a series without limit.
/// </summary>
public sealed class CategoryTable(int maxCategories)
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private string[]? _snapshot;

    public int Count => _names.Count;

    public string NameOf(int id) => _names[id];

    public int IdOf(string category)
    {
        if (_ids.TryGetValue(category, out var id)) return id;
        if (_names.Count >= maxCategories) category = CategoryCount.Other;
        if (_ids.TryGetValue(category, out id)) return id;
        id = _names.Count;
        _ids.Add(category, id);
        _names.Add(category);
        _snapshot = null;
        return id;
    }

    /// <summary>Names by id, for a flush that runs while new values may arrive (ids never change, so a copy made once stays right).</summary>
    public string[] Names() => _snapshot ??= [.. _names];

    /// <summary>Category counts by name, in the order of the counts' ids.</summary>
    public CategoryCount[] ToCounts(KeyedCounts counts)
    {
        var result = new CategoryCount[counts.Length];
        for (var i = 0; i < result.Length; i++) result[i] = new CategoryCount(_names[counts.KeyAt(i)], counts.CountAt(i));
        return result;
    }
}
