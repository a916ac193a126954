using System.Globalization;

namespace TSMetrics.CsvLoader;

/// <summary>One reading of a CSV cell: a number (booleans as 1/0), a string, or nothing (an empty cell).</summary>
public readonly record struct Reading(ReadingKind Kind, double Number, string? Text)
{
    public static Reading Of(string cell)
    {
        var text = cell.Trim();
        if (text.Length == 0) return new Reading(ReadingKind.Empty, 0, null);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            return new Reading(ReadingKind.Number, number, null);
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase)) return new Reading(ReadingKind.Number, 1, null);
        if (text.Equals("false", StringComparison.OrdinalIgnoreCase)) return new Reading(ReadingKind.Number, 0, null);
        return new Reading(ReadingKind.String, 0, cell);
    }
}
