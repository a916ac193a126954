using System.Globalization;
using System.Text;

namespace TSMetrics.CsvLoader;

/// <summary>What a load did: rows and readings read, points stored, readings refused (by reason, the first
/// ones with their line and column), batches skipped as already loaded, retries. Thread-safe.</summary>
public sealed class CsvLoadSummary(int maxReported)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _refusedByReason = new(StringComparer.Ordinal);
    private readonly List<string> _reported = [];
    private readonly HashSet<long> _refusedLines = [];

    public long Rows { get; set; }
    public long Readings { get; set; }
    public long EmptyCells { get; set; }
    public long StoredPoints { get; private set; }
    public long RefusedReadings { get; private set; }
    public long RefusedRows { get { lock (_gate) return _refusedLines.Count; } }
    public long SkippedPoints { get; private set; }
    public long Requests { get; private set; }
    public long Retries { get; private set; }
    public long FailedPoints { get; private set; }
    public TimeSpan Elapsed { get; set; }
    public IReadOnlyDictionary<string, long> RefusedByReason { get { lock (_gate) return new Dictionary<string, long>(_refusedByReason); } }

    /// <summary>0: every reading stored; 1: some were refused; 2: some could not be sent at all.</summary>
    public int ExitCode => FailedPoints > 0 ? 2 : RefusedReadings > 0 ? 1 : 0;

    public void Stored(int points) { lock (_gate) { StoredPoints += points; Requests++; } }
    public void Skipped(int points) { lock (_gate) SkippedPoints += points; }
    public void Sent() { lock (_gate) Requests++; }
    public void Retried() { lock (_gate) Retries++; }
    public void Failed(int points) { lock (_gate) FailedPoints += points; }

    /// <summary>A reading the server (or the loader, for a reason the server gave) refused.</summary>
    public string? Refused(CsvPoint point, string reason)
    {
        lock (_gate)
        {
            RefusedReadings++;
            _refusedLines.Add(point.Line);
            _refusedByReason[reason] = _refusedByReason.GetValueOrDefault(reason) + 1;
            if (_reported.Count >= maxReported) return null;
            var line = string.Create(CultureInfo.InvariantCulture, $"refused: line {point.Line}, column {point.Column} ({point.Metric}): {reason}");
            _reported.Add(line);
            return line;
        }
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"{Rows} rows, {Readings} readings ({EmptyCells} empty cells skipped) in {Elapsed.TotalSeconds:F1} s");
        text.AppendLine(inv, $"  stored   {StoredPoints} points in {Requests} requests ({Retries} retries)");
        if (SkippedPoints > 0) text.AppendLine(inv, $"  skipped  {SkippedPoints} points already loaded (state file)");
        text.AppendLine(inv, $"  refused  {RefusedReadings} readings on {RefusedRows} rows");
        foreach (var (reason, count) in RefusedByReason.OrderByDescending(r => r.Value)) text.AppendLine(inv, $"    {count,10}  {reason}");
        if (FailedPoints > 0) text.AppendLine(inv, $"  failed   {FailedPoints} points could not be sent (the server did not answer in time); rerun to send them");
        return text.ToString();
    }
}
