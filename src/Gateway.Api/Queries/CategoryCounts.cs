using TSMetrics.Gateway.Api.Contracts;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>Category counts as answers carry them: merged by name, shared out of their total.</summary>
public static class CategoryCounts
{
    /// <summary>The union of two lists of counts (either may be null), in name order.</summary>
    public static CategoryCount[]? Merge(CategoryCount[]? left, CategoryCount[]? right)
    {
        if (left is null) return right;
        if (right is null) return left;
        var merged = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, count) in left) merged[name] = count;
        foreach (var (name, count) in right) merged[name] = merged.GetValueOrDefault(name) + count;
        return merged.Select(pair => new CategoryCount(pair.Key, pair.Value)).ToArray();
    }

    /// <summary>Count and share of each value, by name, as series answers give them.</summary>
    public static IReadOnlyDictionary<string, CategoryShare>? Shares(CategoryCount[]? counts)
    {
        if (counts is null || counts.Length == 0) return null;
        long total = 0;
        foreach (var c in counts) total += c.Count;
        var result = new SortedDictionary<string, CategoryShare>(StringComparer.Ordinal);
        foreach (var c in counts) result[c.Category] = new CategoryShare(c.Count, (double)c.Count / total);
        return result;
    }
}
