using System.Globalization;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>The <c>q=</c> parameter: quantile levels in (0, 1), comma-separated, and how answers name them ("p95").</summary>
public static class QuantileLevels
{
    /// <summary>Most levels one request may ask for.</summary>
    public const int MaxLevels = 10;

    /// <summary>Parses the levels, or says what is wrong with them.</summary>
    public static bool TryParse(string text, out double[] levels, out string? problem)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        levels = new double[parts.Length];
        problem = null;
        if (parts.Length == 0) problem = "must list quantile levels, as in q=0.5,0.95,0.99.";
        else if (parts.Length > MaxLevels) problem = $"asks for {parts.Length} quantiles; at most {MaxLevels}.";
        for (var i = 0; problem is null && i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out levels[i]) || !(levels[i] > 0 && levels[i] < 1))
                problem = $"'{parts[i]}' is not a quantile level between 0 and 1 (exclusive), as in 0.95.";
        }

        return problem is null;
    }

    /// <summary>The answer's name of a level: 0.5 is "p50", 0.999 is "p99.9".</summary>
    public static string Name(double level) => "p" + (level * 100).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Quantiles by name, or null when there are none.</summary>
    public static IReadOnlyDictionary<string, double>? Named(double[]? levels, double[]? values)
    {
        if (levels is null || values is null) return null;
        var result = new Dictionary<string, double>(levels.Length);
        for (var i = 0; i < levels.Length; i++)
            if (double.IsFinite(values[i])) result[Name(levels[i])] = values[i];
        return result;
    }
}
