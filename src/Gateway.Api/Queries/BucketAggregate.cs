namespace TSMetrics.Gateway.Api.Queries;

/// <summary>One output bucket: count, sum, min and max, which combine exactly across variants and sources.</summary>
public readonly record struct BucketAggregate(long StartMicros, long Count, double Sum, double Min, double Max)
{
    public double Average => Sum / Count;

    public BucketAggregate Merge(in BucketAggregate other) =>
        new(StartMicros, Count + other.Count, Sum + other.Sum, Math.Min(Min, other.Min), Math.Max(Max, other.Max));
}
