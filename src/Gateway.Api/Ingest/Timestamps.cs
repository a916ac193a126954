using System.Globalization;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>Timestamps as users write them: ISO-8601 (no offset means UTC) or unix seconds with fractions.</summary>
internal static class Timestamps
{
    // Year 1970 to 9999; anything outside is a unit mistake (milliseconds sent as seconds, say).
    private const double MaxUnixSeconds = 253_402_300_799;

    public static long ToMicros(DateTime time) => UnixTime.ToMicros(time.Kind switch
    {
        DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => time,
    });

    public static bool TryFromUnixSeconds(double seconds, out long micros)
    {
        micros = 0;
        if (!double.IsFinite(seconds) || seconds < 0 || seconds > MaxUnixSeconds) return false;
        micros = (long)Math.Round(seconds * UnixTime.MicrosPerSecond);
        return true;
    }

    /// <summary>Parses a query-string time: ISO-8601 or unix seconds.</summary>
    public static bool TryParse(string? text, out long micros)
    {
        micros = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return TryFromUnixSeconds(seconds, out micros);
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
            return false;
        micros = UnixTime.ToMicros(DateTime.SpecifyKind(time, DateTimeKind.Utc));
        return true;
    }

    /// <summary>
    /// Parses ISO-8601 as PostgreSQL reads a timestamptz: a date alone is midnight, date and time may be
    /// separated by 'T' or a space, the offset may be Z, +hh, +hh:mm or +hhmm, and no offset means UTC.
    /// </summary>
    public static bool TryParseIso(string? text, out long micros)
    {
        micros = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var normalized = text.Trim();
        if (normalized.Length > 10 && normalized[10] == ' ') normalized = string.Concat(normalized.AsSpan(0, 10), "T", normalized.AsSpan(11).TrimStart());
        if (normalized.Length > 13 && normalized[^3] is '+' or '-' && char.IsAsciiDigit(normalized[^2]) && char.IsAsciiDigit(normalized[^1]))
            normalized += ":00";
        if (!DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return false;
        micros = UnixTime.ToMicros(time.UtcDateTime);
        return true;
    }
}
