namespace TSMetrics.Statistics;

/// <summary>Adjusted p-values for a family of comparisons (metrics x variants), in input order.</summary>
public static class MultipleComparisons
{
    /// <summary>Holm-Bonferroni: ascending, p·(m − i), running maximum, capped at 1.</summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            running = Math.Max(running, Math.Min(pValues[order[rank]] * (m - rank), 1));
            adjusted[order[rank]] = running;
        }

        return adjusted;
    }

    /// <summary>Benjamini-Hochberg: descending, p·m / (m − i), running minimum, capped at 1.</summary>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> pValues)
    {
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderByDescending(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        var running = 1.0;
        for (var rank = 0; rank < m; rank++)
        {
            running = Math.Min(running, Math.Min(pValues[order[rank]] * m / (m - rank), 1));
            adjusted[order[rank]] = running;
        }

        return adjusted;
    }
}
