using System.Globalization;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Statistics;

namespace TSMetrics.Gateway.Api.Comparisons;

/// <summary>Reads comparison settings from the query string, naming each bad parameter.</summary>
public static class ComparisonSettingsReader
{
    public static ComparisonSettings? Read(
        string? method, string? alpha, string? control, string? type, string? correction, string? tuning,
        string? priorMean, string? priorSd, int maxNameLength, Dictionary<string, string[]> errors, string? unit = null)
    {
        var eventLevel = unit?.ToLowerInvariant() switch
        {
            null or "" or "user" => false,
            "event" => true,
            _ => (bool?)null,
        };
        if (eventLevel is null) errors["unit"] = ["must be user or event."];

        var testMethod = method?.ToLowerInvariant() switch
        {
            null or "" or "sequential" => TestMethod.Sequential,
            "fixed" or "frequentist" => TestMethod.Fixed,
            "bayesian" => TestMethod.Bayesian,
            _ => (TestMethod)(-1),
        };
        if (testMethod < 0) errors["method"] = ["must be sequential, fixed or bayesian."];

        var level = 0.05;
        if (alpha is not null && (!double.TryParse(alpha, NumberStyles.Float, CultureInfo.InvariantCulture, out level) || level is <= 0 or >= 0.5))
            errors["alpha"] = ["must be a number between 0 and 0.5, such as 0.05."];

        var difference = type?.ToLowerInvariant() switch
        {
            null or "" or "relative" => DifferenceType.Relative,
            "absolute" => DifferenceType.Absolute,
            _ => (DifferenceType)(-1),
        };
        if (difference < 0) errors["type"] = ["must be relative or absolute."];

        var adjust = correction?.ToLowerInvariant() switch
        {
            null or "" or "holm" => Correction.Holm,
            "bh" or "benjamini-hochberg" => Correction.BenjaminiHochberg,
            "none" => Correction.None,
            _ => (Correction)(-1),
        };
        if (adjust < 0) errors["correction"] = ["must be holm, bh or none."];

        var nStar = 5000.0;
        if (tuning is not null && (!double.TryParse(tuning, NumberStyles.Float, CultureInfo.InvariantCulture, out nStar) || !double.IsFinite(nStar) || nStar < 1))
            errors["tuning"] = ["must be a number of at least 1 (the N* of sequential testing)."];

        NormalPrior? prior = null;
        if (priorMean is not null || priorSd is not null)
        {
            if (!double.TryParse(priorMean ?? "0", NumberStyles.Float, CultureInfo.InvariantCulture, out var mean) || !double.IsFinite(mean))
                errors["priorMean"] = ["must be a finite number."];
            else if (!double.TryParse(priorSd, NumberStyles.Float, CultureInfo.InvariantCulture, out var sd) || !double.IsFinite(sd) || sd <= 0)
                errors["priorSd"] = ["must be a positive number when a prior is given."];
            else
                prior = new NormalPrior(mean, sd);
        }

        if (!string.IsNullOrEmpty(control) && NameRules.Check(control, maxNameLength) is { } problem) errors["control"] = [problem];
        if (errors.Count > 0) return null;
        return new ComparisonSettings(testMethod, new ComparisonOptions(level, difference, nStar, Prior: prior), adjust, string.IsNullOrEmpty(control) ? null : control, eventLevel ?? false);
    }
}
