using System.Globalization;
using System.Text.Json;

namespace TSMetrics.LoadGen;

/// <summary>
/// Checks the comparisons against the ground truth: for every test, metric and treatment, asks the
/// comparison endpoint (fixed-horizon Welch, relative lift) over the acknowledged time range and reports
/// whether its interval holds the injected lift.
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
            using var response = await http.GetAsync(string.Create(CultureInfo.InvariantCulture,
                $"/v1/tests/{Uri.EscapeDataString(test)}/comparison?method=fixed&correction=none&from={from}&to={to}"), cancellationToken);
            if (!response.IsSuccessStatusCode) continue;
            using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            foreach (var metric in document.RootElement.GetProperty("metrics").EnumerateArray())
            foreach (var comparison in metric.GetProperty("comparisons").EnumerateArray())
            {
                if (!comparison.TryGetProperty("lower", out var lower) || lower.ValueKind != JsonValueKind.Number) continue;
                var variant = comparison.GetProperty("variant").GetString()!;
                findings.Add(new EffectFinding(test, metric.GetProperty("metric").GetString()!, variant, model.TrueLift(variant),
                    comparison.GetProperty("lift").GetDouble(), lower.GetDouble(), comparison.GetProperty("upper").GetDouble()));
            }
        }

        return findings;
    }
}

/// <summary>One treatment's measured lift and interval beside the lift injected into it.</summary>
public sealed record EffectFinding(string Test, string Metric, string Variant, double TrueLift, double Lift, double Lower, double Upper)
{
    public bool Covers => Lower <= TrueLift && TrueLift <= Upper;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Test}/{Metric} {Variant}: true {TrueLift:+0.0%;-0.0%;0%}, measured {Lift:+0.0%;-0.0%;0%} [{Lower:+0.0%;-0.0%;0%}, {Upper:+0.0%;-0.0%;0%}] {(Covers ? "covers the truth" : "MISSES the truth")}");
}
