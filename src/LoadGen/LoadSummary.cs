using System.Globalization;
using System.Text;

namespace TSMetrics.LoadGen;

/// <summary>What a run did and measured; <see cref="ExitCode"/> is the command's exit code.</summary>
public sealed record LoadSummary(
    LoadOptions Options,
    double Seconds,
    long SentPoints,
    long SentRequests,
    long AcknowledgedPoints,
    long AcknowledgedRequests,
    long RejectedPoints,
    long RejectedRequests,
    long FailedRequests,
    IReadOnlyDictionary<int, long> RejectionsByStatus,
    double LatencyP50Ms,
    double LatencyP90Ms,
    double LatencyP99Ms,
    double LatencyMaxMs,
    LatencyRecorder? SeriesProbe,
    LatencyRecorder? ComparisonProbe,
    VerifyResult? Verification,
    IReadOnlyList<EffectFinding> Effects,
    double LoadGenCpuSeconds)
{
    public double PointsPerSecond => AcknowledgedPoints / Seconds;

    public double RequestsPerSecond => AcknowledgedRequests / Seconds;

    public int ExitCode => Verification is { AllFound: false } ? 2 : RejectedRequests + FailedRequests > 0 ? 1 : 0;

    public override string ToString()
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        Line($"sent          {SentPoints:N0} points in {SentRequests:N0} requests over {Seconds:F1} s");
        Line($"acknowledged  {AcknowledgedPoints:N0} points ({PointsPerSecond:N0} points/s, {RequestsPerSecond:N0} requests/s), each durable before its answer");
        Line($"rejected      {RejectedPoints:N0} points in {RejectedRequests:N0} requests{Statuses()}; failed (no answer) {FailedRequests:N0} requests");
        Line($"latency       p50 {LatencyP50Ms:F1} ms, p90 {LatencyP90Ms:F1} ms, p99 {LatencyP99Ms:F1} ms, max {LatencyMaxMs:F1} ms");
        if (SeriesProbe is not null)
            Line($"live series   {SeriesProbe.Count} queries during the run, p50 {SeriesProbe.Percentile(0.5):F1} ms, p99 {SeriesProbe.Percentile(0.99):F1} ms");
        if (ComparisonProbe is not null)
            Line($"comparison    {ComparisonProbe.Count} queries during the run, p50 {ComparisonProbe.Percentile(0.5):F1} ms, p99 {ComparisonProbe.Percentile(0.99):F1} ms");
        foreach (var effect in Effects) Line($"effect        {effect}");
        if (Effects.Count > 0)
            Line($"effects       {Effects.Count(e => e.Covers)} of {Effects.Count} intervals cover the true lift over {string.Join(" and ", Effects.Select(e => e.Unit + "s").Distinct())} (95%: about 1 in 20 misses by chance)");
        if (Verification is { } verification)
        {
            Line($"verified      {verification.Matched} of {verification.Series} series hold every acknowledged point");
            foreach (var missing in verification.Missing.Take(20)) Line($"  MISSING     {missing}");
        }

        Line($"load gen CPU  {LoadGenCpuSeconds:F1} s");
        return text.ToString();
    }

    private string Statuses() => RejectionsByStatus.Count == 0 ? "" : " (" + string.Join(", ", RejectionsByStatus.Select(s => $"{s.Value} x {s.Key}")) + ")";
}
