using System.Globalization;
using System.Text.RegularExpressions;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>
/// Bucket widths as PostgreSQL interval text ("1 hour", "5 minutes", "7 days"), as the FastAPI predecessor
/// took them, or as <see cref="Granularity"/> writes them (1h). Months have no fixed width and are refused.
/// </summary>
public static partial class AggregationInterval
{
    public const string Expected = "a whole number of seconds, minutes, hours, days or weeks (\"1 hour\", \"5 minutes\", \"1 day\", or 1h, 5m, 1d)";

    public static bool TryParse(string? text, out long micros)
    {
        micros = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var match = IntervalText().Match(text.Trim().ToLowerInvariant());
        if (!match.Success) return Granularity.TryParse(text, out micros);
        var unit = match.Groups[2].Value;
        return Granularity.TryParse(
            string.Create(CultureInfo.InvariantCulture, $"{match.Groups[1].Value}{(unit == "minute" ? 'm' : unit[0])}"), out micros);
    }

    [GeneratedRegex(@"^(\d{1,9})\s*(second|minute|hour|day|week)s?$")]
    private static partial Regex IntervalText();
}
