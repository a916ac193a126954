namespace TSMetrics.Gateway.Api.Queries;

/// <summary>
/// How often this gateway's series and comparison reads were answered by grain memory alone (a hit) or also
/// needed storage (a miss), since it started: the memory-against-storage figure of <c>GET /cache/info</c>.
/// </summary>
public sealed class MemoryHitCounters
{
    private long _hits;
    private long _misses;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public void Count(bool fromMemoryAlone)
    {
        if (fromMemoryAlone) Interlocked.Increment(ref _hits);
        else Interlocked.Increment(ref _misses);
    }
}
