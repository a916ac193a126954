using System.Globalization;
using System.Text.Json;

namespace TSMetrics.LoadGen;

/// <summary>
/// Checks the comparisons against the ground truth: for every test, metric and treatment, asks the
/// comparison endpoint (fixed-horizon Welch, relative lift, no correction) and reports whether its interval
/// holds the true lift. Points carry user ids, so the comparison is per user (the unit the traffic
/// randomizes); the same comparison per event is asked too, to show how much narrower, and wrong, treating
/// a user's alike points as independent makes it.
/// </summary>
public sealed class EffectCheck(HttpClient http, TrafficModel model)
{
    public async Task<IReadOnlyList<EffectFinding>> CheckAsync(AcknowledgedLedger ledger, CancellationToken cancellationToken)
    {
        var findings = new List<EffectFinding>();
        foreach (var test in model.Tests)
        {
            var tallies = ledger.Series.Where(s => s.Key.Test == test).Select(s => s.Value).ToList();
            if (tallies.Count == 0) continue;
            var from = (long)Math.Floor(tallies.Min(t => t.FirstUnixSeconds));
            var to = (long)Math.Ceiling(tallies.Max(t => t.LastUnixSeconds)) + 1;
            var query = string.Create(CultureInfo.InvariantCulture,
                $"/v1/tests/{Uri.EscapeDataString(test)}/comparison?method=fixed&correction=none&from={from}&to={to}");
            using var byDefault = await GetAsync(query, cancellationToken);
            using var perEvent = await GetAsync(query + "&unit=event", cancellationToken);
            if (byDefault is null) continue;
            var control = byDefault.RootElement.GetProperty("control").GetString() ?? model.Variants[0];
            foreach (var metric in byDefault.RootElement.GetProperty("metrics").EnumerateArray())
            {
                var name = metric.GetProperty("metric").GetString()!;
                var variants = metric.GetProperty("variants").EnumerateArray()
                    .ToDictionary(v => v.GetProperty("variant").GetString()!, v => (N: v.GetProperty("n").GetInt64(), Points: v.GetProperty("points").GetInt64()));
                foreach (var comparison in metric.GetProperty("comparisons").EnumerateArray())
                {
                    if (comparison.GetProperty("verdict").GetString() == "notEnoughData") continue;
                    var variant = comparison.GetProperty("variant").GetString()!;
                    findings.Add(new EffectFinding(
                        test, name, variant, metric.GetProperty("kind").GetString()!, metric.GetProperty("analysisUnit").GetString()!,
                        model.TrueLift(name, variant, control), comparison.GetProperty("lift").GetDouble(),
                        comparison.GetProperty("lower").GetDouble(), comparison.GetProperty("upper").GetDouble(),
                        variants.GetValueOrDefault(control), variants.GetValueOrDefault(variant), EventInterval(perEvent, name, variant)));
                }
            }
        }

        return findings;
    }

    private async Task<JsonDocument?> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        return response.IsSuccessStatusCode ? await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken) : null;
    }

    private static (double Lower, double Upper)? EventInterval(JsonDocument? perEvent, string metric, string variant)
    {
        if (perEvent is null) return null;
        foreach (var m in perEvent.RootElement.GetProperty("metrics").EnumerateArray())
        {
            if (m.GetProperty("metric").GetString() != metric) continue;
            foreach (var c in m.GetProperty("comparisons").EnumerateArray())
                if (c.GetProperty("variant").GetString() == variant && c.GetProperty("verdict").GetString() != "notEnoughData")
                    return (c.GetProperty("lower").GetDouble(), c.GetProperty("upper").GetDouble());
        }

        return null;
    }
}
