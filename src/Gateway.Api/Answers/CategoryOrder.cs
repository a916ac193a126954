using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Answers;

/// <summary>Answers list string values in ordinal name order; counts usually arrive in it already.</summary>
internal static class CategoryOrder
{
    public static bool IsSorted(CategoryCount[] categories)
    {
        for (var i = 1; i < categories.Length; i++)
            if (string.CompareOrdinal(categories[i - 1].Category, categories[i].Category) >= 0) return false;
        return true;
    }

    // Duplicates keep their last count, as a dictionary by name would.
    public static CategoryCount[] Sorted(CategoryCount[] categories)
    {
        var byName = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var c in categories) byName[c.Category] = c.Count;
        return [.. byName.Select(pair => new CategoryCount(pair.Key, pair.Value))];
    }
}
