using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Storage;

/// <summary>One variant's totals as storage holds them over a window: numbers, categories and, when asked, quantile bins.</summary>
public sealed class StoredTotals
{
    public SummaryStats Stats;

    public KeyedCounts? Bins;

    public Dictionary<string, long>? Categories;

    public void AddCategories(string json)
    {
        Categories ??= new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, count) in BucketPartsJson.ReadCategories(json))
            Categories[name] = Categories.GetValueOrDefault(name) + count;
    }

    /// <summary>The merge of these totals with what memory holds for the rest of the window.</summary>
    public VariantTotals MergedWith(string variant, VariantTotals? live)
    {
        var stats = Stats;
        KeyedCounts? bins = Bins?.Clone();
        if (live is not null)
        {
            stats.Merge(live.Stats);
            if (live.Bins is { IsEmpty: false }) (bins ??= new KeyedCounts()).Merge(live.Bins);
            if (live.Categories is { } categories)
            {
                Categories ??= new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var (name, count) in categories) Categories[name] = Categories.GetValueOrDefault(name) + count;
            }
        }

        return new VariantTotals(variant, stats, bins, Categories?.Select(pair => new CategoryCount(pair.Key, pair.Value)).OrderBy(c => c.Category, StringComparer.Ordinal).ToArray());
    }

    /// <summary>Category counts of one stored bucket, in name order.</summary>
    public static CategoryCount[] CategoryCounts(string json) =>
        BucketPartsJson.ReadCategories(json).Select(c => new CategoryCount(c.Name, c.Count)).OrderBy(c => c.Category, StringComparer.Ordinal).ToArray();
}
