using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>Category counts as answers carry them: merged by name (series answers add their shares, <see cref="Answers.SeriesBucketsWriter"/>).</summary>
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
}
