using System.Globalization;
using TSMetrics.Statistics.Quantiles;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>The <c>q=</c> parameter: quantile levels in (0, 1), comma-separated, named in answers as <see cref="QuantileAnalysis.NameOf"/> has it.</summary>
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

    /// <summary>Quantiles by name, or null when there are none.</summary>
    public static IReadOnlyDictionary<string, double>? Named(double[]? levels, double[]? values)
    {
        if (levels is null || values is null) return null;
        var result = new Dictionary<string, double>(levels.Length);
        for (var i = 0; i < levels.Length; i++)
            if (double.IsFinite(values[i])) result[QuantileAnalysis.NameOf(levels[i])] = values[i];
        return result;
    }
}
