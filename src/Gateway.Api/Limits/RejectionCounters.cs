using System.Diagnostics.Metrics;

namespace TSMetrics.Gateway.Api.Limits;

/// <summary>
/// Counts every refused request and every point it carried, by reason, so nothing is dropped silently:
/// read them at GET /v1/admin/rejections or as the .NET meter "TSMetrics.Gateway".
/// </summary>
public sealed class RejectionCounters : IDisposable
{
    private static readonly int ReasonCount = Enum.GetValues<RejectionReason>().Length;
    private readonly long[] _ingestRequests = new long[ReasonCount];
    private readonly long[] _ingestPoints = new long[ReasonCount];
    private readonly long[] _queries = new long[ReasonCount];
    private readonly Meter _meter = new(Hosting.GatewayMetrics.MeterName);
    private readonly Counter<long> _rejectedPoints;
    private readonly Counter<long> _rejectedRequests;

    public RejectionCounters()
    {
        _rejectedPoints = _meter.CreateCounter<long>("tsmetrics.ingest.rejected_points", description: "Points in refused ingest requests");
        _rejectedRequests = _meter.CreateCounter<long>("tsmetrics.rejected_requests", description: "Refused requests");
    }

    public void CountIngest(RejectionReason reason, int points)
    {
        Interlocked.Increment(ref _ingestRequests[(int)reason]);
        Interlocked.Add(ref _ingestPoints[(int)reason], points);
        var tag = new KeyValuePair<string, object?>("reason", reason.ToString());
        _rejectedRequests.Add(1, tag, new KeyValuePair<string, object?>("kind", "ingest"));
        _rejectedPoints.Add(points, tag);
    }

    public void CountQuery(RejectionReason reason)
    {
        Interlocked.Increment(ref _queries[(int)reason]);
        _rejectedRequests.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()), new KeyValuePair<string, object?>("kind", "query"));
    }

    /// <summary>Counts since the gateway started, by reason (camelCase), only reasons that occurred.</summary>
    public RejectionSnapshot Snapshot()
    {
        var ingest = new Dictionary<string, RejectedIngest>();
        var queries = new Dictionary<string, long>();
        foreach (var reason in Enum.GetValues<RejectionReason>())
        {
            var name = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());
            var requests = Interlocked.Read(ref _ingestRequests[(int)reason]);
            if (requests > 0) ingest[name] = new RejectedIngest(requests, Interlocked.Read(ref _ingestPoints[(int)reason]));
            var refusedQueries = Interlocked.Read(ref _queries[(int)reason]);
            if (refusedQueries > 0) queries[name] = refusedQueries;
        }

        return new RejectionSnapshot(ingest, queries);
    }

    public void Dispose() => _meter.Dispose();
}

/// <summary>Refused ingest requests of one reason and the points they carried.</summary>
public sealed record RejectedIngest(long Requests, long Points);

/// <summary>What <see cref="RejectionCounters.Snapshot"/> returns.</summary>
public sealed record RejectionSnapshot(IReadOnlyDictionary<string, RejectedIngest> Ingest, IReadOnlyDictionary<string, long> Queries);
