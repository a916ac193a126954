using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>
/// One output bucket: count, sum, min and max of its numbers, which combine exactly across variants and
/// sources, with its quantiles (when asked, for a series that keeps percentiles) and its points per string value.
/// </summary>
public readonly record struct BucketAggregate(long StartMicros, long Count, double Sum, double Min, double Max)
{
    public double Average => Sum / Count;

    /// <summary>Every point of the bucket, numbers and string values.</summary>
    public long Points
    {
        get
        {
            var points = Count;
            if (Categories is not null)
                foreach (var category in Categories) points += category.Count;
            return points;
        }
    }

    /// <summary>The quantiles asked for, in the request's order.</summary>
    public double[]? Quantiles { get; init; }

    /// <summary>Points per string value, in name order.</summary>
    public CategoryCount[]? Categories { get; init; }

    /// <summary>Merges two buckets of the same start; quantiles do not merge from quantiles, so the result has none.</summary>
    public BucketAggregate Merge(in BucketAggregate other)
    {
        if (Count == 0 && Categories is null) return other with { StartMicros = StartMicros, Quantiles = null };
        if (other.Count == 0 && other.Categories is null) return this with { Quantiles = null };
        var min = Count == 0 ? other.Min : other.Count == 0 ? Min : Math.Min(Min, other.Min);
        var max = Count == 0 ? other.Max : other.Count == 0 ? Max : Math.Max(Max, other.Max);
        return new(StartMicros, Count + other.Count, Sum + other.Sum, min, max) { Categories = CategoryCounts.Merge(Categories, other.Categories) };
    }
}
