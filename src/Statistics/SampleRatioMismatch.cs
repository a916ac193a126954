using MathNet.Numerics.Distributions;

namespace TSMetrics.Statistics;

/// <summary>Pearson chi-square test of observed counts per variant against the expected split (GrowthBook's check_srm).</summary>
public static class SampleRatioMismatch
{
    /// <summary>Below this p-value the split is flagged, as GrowthBook, Eppo and Statsig do.</summary>
    public const double Threshold = 0.001;

    /// <param name="observed">Counts per variant.</param>
    /// <param name="weights">Expected shares per variant, any scale; null for an equal split.</param>
    public static double PValue(IReadOnlyList<long> observed, IReadOnlyList<double>? weights = null)
    {
        if (observed.Count < 2) return 1;
        double total = 0, weightTotal = 0;
        for (var i = 0; i < observed.Count; i++)
        {
            total += observed[i];
            weightTotal += weights?[i] ?? 1;
        }

        if (total == 0 || weightTotal <= 0) return 1;
        double chiSquare = 0;
        for (var i = 0; i < observed.Count; i++)
        {
            var weight = weights?[i] ?? 1;
            if (weight <= 0) continue;
            var expected = weight / weightTotal * total;
            chiSquare += (observed[i] - expected) * (observed[i] - expected) / expected;
        }

        return 1 - ChiSquared.CDF(observed.Count - 1, chiSquare);
    }
}
