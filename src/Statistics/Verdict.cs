namespace TSMetrics.Statistics;

/// <summary>What a comparison says, in the metric's terms.</summary>
public enum Verdict
{
    /// <summary>Not enough data (or zero variance, or a zero control mean): nothing can be said yet.</summary>
    NotEnoughData,

    /// <summary>The interval still includes no change.</summary>
    Inconclusive,

    /// <summary>The treatment is better, in the metric's direction.</summary>
    Better,

    /// <summary>The treatment is worse, in the metric's direction.</summary>
    Worse,

    /// <summary>The metric went up; its direction is not defined, so whether that is good is not said.</summary>
    Increased,

    /// <summary>The metric went down; its direction is not defined.</summary>
    Decreased,
}

/// <summary>Turns a comparison into a verdict that respects the metric's direction.</summary>
public static class Verdicts
{
    /// <param name="result">The comparison.</param>
    /// <param name="higherIsBetter">True, false, or null when the direction is unknown.</param>
    /// <param name="alpha">Significance level; Bayesian results need a chance to win of 1 − alpha/2 either way.</param>
    /// <param name="adjustedPValue">A multiple-comparison adjusted p-value to use instead of the raw one.</param>
    public static Verdict Of(ComparisonResult result, bool? higherIsBetter, double alpha, double? adjustedPValue = null)
    {
        if (!result.IsInformative) return Verdict.NotEnoughData;
        bool? wentUp;
        if (result.Method == TestMethod.Bayesian)
        {
            // ChanceToWin is already in the good direction when the direction is known.
            var chance = result.ChanceToWin!.Value;
            var threshold = 1 - alpha / 2;
            var better = chance >= threshold ? true : chance <= 1 - threshold ? false : (bool?)null;
            if (better is null) return Verdict.Inconclusive;
            if (higherIsBetter is null) return better.Value ? Verdict.Increased : Verdict.Decreased;
            return better.Value ? Verdict.Better : Verdict.Worse;
        }

        var significant = (adjustedPValue ?? result.PValue!.Value) < alpha && (result.Lower > 0 || result.Upper < 0);
        if (!significant) return Verdict.Inconclusive;
        wentUp = result.Lift > 0;
        if (higherIsBetter is null) return wentUp.Value ? Verdict.Increased : Verdict.Decreased;
        return wentUp == higherIsBetter ? Verdict.Better : Verdict.Worse;
    }
}
