using System.Globalization;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>Repetitions of one figure: median, min and max.</summary>
public readonly record struct Spread(double Median, double Min, double Max, int Count)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0) return new Spread(double.NaN, double.NaN, double.NaN, 0);
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1], sorted.Length);
    }

    /// <summary>"12,345 (11,000-13,100)" with the given number format.</summary>
    public string Format(string format = "N0") => Count == 0
        ? "n/a"
        : string.Create(CultureInfo.InvariantCulture, $"{Median.ToString(format, CultureInfo.InvariantCulture)} ({Min.ToString(format, CultureInfo.InvariantCulture)}-{Max.ToString(format, CultureInfo.InvariantCulture)})");

    /// <summary>Ratio of two medians measured side by side, as "3.2x".</summary>
    public static string Ratio(Spread numerator, Spread denominator) =>
        numerator.Count == 0 || denominator.Count == 0 || denominator.Median == 0
            ? "n/a"
            : string.Create(CultureInfo.InvariantCulture, $"{numerator.Median / denominator.Median:0.##}x");
}
