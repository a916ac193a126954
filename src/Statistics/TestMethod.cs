namespace TSMetrics.Statistics;

/// <summary>Which inference a comparison uses.</summary>
public enum TestMethod
{
    /// <summary>Asymptotic confidence sequences: valid however often the results are looked at. Default for live views.</summary>
    Sequential,

    /// <summary>Fixed-horizon Welch t-test: valid for one look at a planned sample size.</summary>
    Fixed,

    /// <summary>Normal-approximation Bayesian: chance to beat control and expected loss.</summary>
    Bayesian,
}
