using System.Globalization;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>Bucket widths as users write them: "5m", "1h", "30s", "1d", "2w", or minute/hour/day.</summary>
public static class Granularity
{
    public const string Expected = "a whole number of s, m, h, d or w (1s, 5m, 1h, 1d), or minute, hour or day";

    public static bool TryParse(string? text, out long micros)
    {
        micros = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim().ToLowerInvariant();
        switch (text)
        {
            case "second": micros = 1_000_000; return true;
            case "minute": micros = 60_000_000; return true;
            case "hour": micros = 3_600_000_000; return true;
            case "day": micros = 86_400_000_000; return true;
        }

        var unit = text[^1];
        var digits = char.IsAsciiDigit(unit) ? text : text[..^1];
        long unitMicros = char.IsAsciiDigit(unit) ? 1_000_000 : unit switch
        {
            's' => 1_000_000,
            'm' => 60_000_000,
            'h' => 3_600_000_000,
            'd' => 86_400_000_000,
            'w' => 604_800_000_000,
            _ => 0,
        };
        if (unitMicros == 0 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count)) return false;
        if (count < 1 || count > 366L * 86_400_000_000 / unitMicros) return false;
        micros = count * unitMicros;
        return true;
    }

    /// <summary>The shortest text for a width, such as "5m".</summary>
    public static string Format(long micros) => micros switch
    {
        _ when micros % 86_400_000_000 == 0 => $"{micros / 86_400_000_000}d",
        _ when micros % 3_600_000_000 == 0 => $"{micros / 3_600_000_000}h",
        _ when micros % 60_000_000 == 0 => $"{micros / 60_000_000}m",
        _ => $"{micros / 1_000_000}s",
    };
}
