namespace TSMetrics.Grains.Interfaces;

/// <summary>How many points of a bucket or window carried one string value.</summary>
/// <param name="Category">The value as sent ("paypal"), or <see cref="Other"/> for values beyond the series' bound.</param>
/// <param name="Count">Points with that value.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.CategoryCount")]
public readonly record struct CategoryCount(string Category, long Count)
{
    /// <summary>Where values go once a series has as many distinct values as its bound allows.</summary>
    public const string Other = "(other)";
}
