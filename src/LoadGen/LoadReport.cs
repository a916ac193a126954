namespace TSMetrics.LoadGen;

/// <summary>What a load run measured.</summary>
public sealed record LoadReport(
    long Accepted, long Rejected, long Failed, double Seconds, double PointsPerSecond,
    double IngestP50Ms, double IngestP99Ms, int Queries, double QueryP50Ms, double QueryP99Ms, double LoadGenCpuSeconds)
{
    public override string ToString() => $"""
        acknowledged points : {Accepted:N0} in {Seconds:F1} s = {PointsPerSecond:N0} points/s (durable when acknowledged)
        rejected / failed   : {Rejected} / {Failed} requests
        ingest request      : p50 {IngestP50Ms:F1} ms, p99 {IngestP99Ms:F1} ms
        live series query   : {Queries} queries, p50 {QueryP50Ms:F2} ms, p99 {QueryP99Ms:F2} ms (1 s buckets, last 5 min, during ingest)
        load generator CPU  : {LoadGenCpuSeconds:F1} s
        """;
}
