using System.Globalization;

namespace TSMetrics.LoadGen;

/// <summary>One treatment's measured lift and interval beside the true lift, with the unit the comparison used.</summary>
/// <param name="Kind">The metric's kind as the comparison read it (mean, proportion, ...).</param>
/// <param name="Unit">"user" or "event": what the comparison's n counts.</param>
/// <param name="TrueLift">The injected lift, over users as over events (<see cref="TrafficModel.TrueLift"/>).</param>
/// <param name="Control">The control's n (users or points) and points.</param>
/// <param name="Treatment">The treatment's n and points.</param>
/// <param name="EventInterval">The same comparison with every point an observation, when asked.</param>
public sealed record EffectFinding(
    string Test, string Metric, string Variant, string Kind, string Unit, double TrueLift, double Lift, double Lower, double Upper,
    (long N, long Points) Control, (long N, long Points) Treatment, (double Lower, double Upper)? EventInterval = null)
{
    public bool Covers => Lower <= TrueLift && TrueLift <= Upper;

    /// <summary>Whether the per-event interval holds the true lift; null when not asked.</summary>
    public bool? EventCovers => EventInterval is { } e ? e.Lower <= TrueLift && TrueLift <= e.Upper : null;

    public override string ToString()
    {
        var counted = Unit == "user"
            ? FormattableString.Invariant($"{Control.N:N0} + {Treatment.N:N0} users, {Control.Points:N0} + {Treatment.Points:N0} points")
            : FormattableString.Invariant($"{Control.N:N0} + {Treatment.N:N0} points");
        var perEvent = EventInterval is { } e && Unit == "user"
            ? FormattableString.Invariant($"; per event [{e.Lower:+0.0%;-0.0%;0%}, {e.Upper:+0.0%;-0.0%;0%}] {(EventCovers == true ? "covers it" : "misses it")}")
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Test}/{Metric} {Variant} ({Kind} per {Unit}, {counted}): true {TrueLift:+0.0%;-0.0%;0%} over {Unit}s, measured {Lift:+0.0%;-0.0%;0%} [{Lower:+0.0%;-0.0%;0%}, {Upper:+0.0%;-0.0%;0%}] {(Covers ? "covers the truth" : "MISSES the truth")}{perEvent}");
    }
}
