using System.Globalization;
using System.Text.Json;

namespace TSMetrics.LoadGen;

/// <summary>
/// Reads every series back (GET /v1/series, hourly buckets over the acknowledged points' time range) and
/// compares the stored counts per variant with what was acknowledged. Fewer stored than acknowledged is a
/// lost point. It asks again until the deadline, since points older than the grain's rings reach the
/// rollups only at the next flush. More stored is not an error: a request that timed out may still have
/// been stored.
/// </summary>
public sealed class Verifier(HttpClient http)
{
    private const long Hour = 3_600;

    public async Task<VerifyResult> VerifyAsync(AcknowledgedLedger ledger, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var pending = ledger.Series.ToDictionary(s => s.Key, s => s.Value);
        var missing = new List<string>();
        while (true)
        {
            missing.Clear();
            var results = await Task.WhenAll(pending.Select(async series => (series.Key, Missing: await MissingAsync(series.Key, series.Value, cancellationToken))));
            foreach (var (key, problems) in results)
            {
                if (problems.Count == 0) pending.Remove(key);
                else missing.AddRange(problems);
            }

            if (pending.Count == 0 || DateTime.UtcNow >= deadline) break;
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        return new VerifyResult(ledger.Series.Count, ledger.Series.Count - pending.Count, missing);
    }

    private async Task<List<string>> MissingAsync((string Test, string Metric) key, SeriesTally tally, CancellationToken cancellationToken)
    {
        var from = (long)Math.Floor(tally.FirstUnixSeconds) / Hour * Hour;
        var to = ((long)Math.Floor(tally.LastUnixSeconds) / Hour + 1) * Hour;
        var path = string.Create(CultureInfo.InvariantCulture,
            $"/v1/series?test={Uri.EscapeDataString(key.Test)}&metric={Uri.EscapeDataString(key.Metric)}&granularity=1h&from={from}&to={to}");
        using var response = await http.GetAsync(path, cancellationToken);
        var problems = new List<string>();
        if (!response.IsSuccessStatusCode)
        {
            problems.Add($"{key.Test}/{key.Metric}: the series query answered {(int)response.StatusCode}");
            return problems;
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        var stored = new Dictionary<string, long>();
        foreach (var variant in document.RootElement.GetProperty("variants").EnumerateArray())
        {
            long count = 0;
            foreach (var bucket in variant.GetProperty("buckets").EnumerateArray()) count += bucket.GetProperty("count").GetInt64();
            stored[variant.GetProperty("variant").GetString()!] = count;
        }

        foreach (var (variant, acknowledged) in tally.Snapshot())
        {
            var found = stored.GetValueOrDefault(variant);
            if (found < acknowledged) problems.Add($"{key.Test}/{key.Metric}/{variant}: {acknowledged:N0} acknowledged, {found:N0} found");
        }

        return problems;
    }
}

/// <summary>The verifier's finding: how many series matched, and a line per variant with points missing.</summary>
public sealed record VerifyResult(int Series, int Matched, IReadOnlyList<string> Missing)
{
    public bool AllFound => Missing.Count == 0;
}
