using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Security;

namespace TSMetrics.Gateway.Api.Limits;

/// <summary>
/// Token buckets per caller: one counts ingested points, the other queries. Each caller has its own
/// buckets, so one client over its rate is refused while the others go on untouched.
/// </summary>
public sealed class CallerRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<Bucket> _points;
    private readonly PartitionedRateLimiter<Bucket> _queries;
    private readonly RateLimitOptions _options;

    public CallerRateLimiter(IOptions<RateLimitOptions> options)
    {
        _options = options.Value;
        _points = Create();
        _queries = Create();
    }

    /// <summary>The most points one request of this caller can ever carry (its bucket size).</summary>
    public int PointBurst(ApiCaller caller) => PointsBucket(caller).Size;

    /// <summary>Takes <paramref name="points"/> from the caller's ingest bucket; on refusal, says when to retry.</summary>
    public RateDecision TryTakePoints(ApiCaller caller, int points) => Take(_points, PointsBucket(caller), points);

    /// <summary>Takes one query from the caller's query bucket; on refusal, says when to retry.</summary>
    public RateDecision TryTakeQuery(ApiCaller caller)
    {
        var rate = caller.QueriesPerSecond ?? _options.QueriesPerSecond;
        var size = caller.QueriesPerSecond is null && _options.QueryBurst is { } burst ? burst : SaturatingDouble(rate);
        return Take(_queries, new Bucket(caller.Partition, rate, size), 1);
    }

    public void Dispose()
    {
        _points.Dispose();
        _queries.Dispose();
    }

    private Bucket PointsBucket(ApiCaller caller)
    {
        var rate = caller.IngestPointsPerSecond ?? _options.IngestPointsPerSecond;
        var size = caller.IngestPointsPerSecond is null && _options.IngestBurstPoints is { } burst ? burst : SaturatingDouble(rate);
        return new Bucket(caller.Partition, rate, size);
    }

    private static RateDecision Take(PartitionedRateLimiter<Bucket> limiter, Bucket bucket, int permits)
    {
        if (permits > bucket.Size) return new RateDecision(false, TimeSpan.Zero, ExceedsBurst: true);
        using var lease = limiter.AttemptAcquire(bucket, permits);
        if (lease.IsAcquired) return new RateDecision(true, TimeSpan.Zero);
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return new RateDecision(false, retryAfter);
    }

    // A key whose rate changes gets a new bucket: the rate is part of the partition.
    private static PartitionedRateLimiter<Bucket> Create() => PartitionedRateLimiter.Create<Bucket, Bucket>(bucket =>
        RateLimitPartition.GetTokenBucketLimiter(bucket, b => new TokenBucketRateLimiterOptions
        {
            TokenLimit = b.Size,
            // Refill ten times a second where that is exact, so a refused client waits 100 ms, not a second.
            TokensPerPeriod = b.Rate % 10 == 0 ? b.Rate / 10 : b.Rate,
            ReplenishmentPeriod = b.Rate % 10 == 0 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    private static int SaturatingDouble(int rate) => rate > int.MaxValue / 2 ? int.MaxValue : rate * 2;

    private readonly record struct Bucket(string Partition, int Rate, int Size);
}

/// <summary>Whether a rate limiter let a request through, and if not, when to try again.</summary>
public readonly record struct RateDecision(bool Allowed, TimeSpan RetryAfter, bool ExceedsBurst = false);
