namespace TSMetrics.Gateway.Api.Queries;

/// <summary>The buckets of a variant's list from <see cref="Start"/> on are those of variant <see cref="Index"/> of <see cref="Block"/>.</summary>
public readonly record struct CachedRun(int Start, CachedBlock Block, int Index)
{
    public int Count => Block.Variants[Index].Buckets.Length;
}
