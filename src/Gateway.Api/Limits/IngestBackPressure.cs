using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Ingest;

namespace TSMetrics.Gateway.Api.Limits;

/// <summary>
/// Caps the points this gateway holds waiting for storage. When the database falls behind, requests wait
/// for their journal writes; past the cap, new ones are answered 503 + Retry-After at once instead of
/// piling up in memory.
/// </summary>
public sealed class IngestBackPressure(IOptions<IngestOptions> options)
{
    private long _inFlight;

    public long InFlightPoints => Interlocked.Read(ref _inFlight);

    /// <summary>
    /// Reserves room for <paramref name="points"/>. A request alone always gets in, however large (the batch
    /// limit bounds it), so a cap below the batch size cannot block a client forever.
    /// </summary>
    public bool TryEnter(int points)
    {
        var after = Interlocked.Add(ref _inFlight, points);
        if (after == points || after <= options.Value.MaxInFlightPoints) return true;
        Interlocked.Add(ref _inFlight, -points);
        return false;
    }

    public void Exit(int points) => Interlocked.Add(ref _inFlight, -points);
}
