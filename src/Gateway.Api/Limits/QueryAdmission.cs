using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Queries;

namespace TSMetrics.Gateway.Api.Limits;

/// <summary>The gateway-wide cap on queries running at once, so a burst of heavy queries queues briefly instead of exhausting the database pool.</summary>
public sealed class QueryAdmission(IOptions<QueryOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentQueries, options.Value.MaxConcurrentQueries);

    public int Running => options.Value.MaxConcurrentQueries - _slots.CurrentCount;

    /// <summary>Waits up to the configured time for a slot; false means the gateway is saturated.</summary>
    public Task<bool> TryEnterAsync(CancellationToken cancellationToken) => _slots.WaitAsync(options.Value.ConcurrencyWait, cancellationToken);

    public void Exit() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}
