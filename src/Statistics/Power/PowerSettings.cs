namespace TSMetrics.Statistics.Power;

/// <summary>What mid-experiment power aims for (GrowthBook's MidExperimentPowerConfig).</summary>
/// <param name="TargetMde">The smallest effect worth detecting, on the scale of the lift (relative by default).</param>
/// <param name="TargetPower">Chance of detecting it. Default 0.8.</param>
/// <param name="Alpha">Significance level, two-sided. Default 0.05.</param>
/// <param name="GoalMetrics">Goal metrics decided together: each gets power TargetPower^(1/GoalMetrics).</param>
/// <param name="Variations">Arms including control, for the correction.</param>
/// <param name="PValueCorrected">Bonferroni over (Variations − 1) × GoalMetrics comparisons.</param>
/// <param name="Sequential">Power of the sequential (confidence sequence) interval instead of the fixed one.</param>
/// <param name="SequentialTuning">N* of the sequential test. Default 5000.</param>
/// <param name="Prior">A proper normal prior on the lift (Bayesian power); null for none.</param>
public sealed record PowerSettings(
    double TargetMde,
    double TargetPower = 0.8,
    double Alpha = 0.05,
    int GoalMetrics = 1,
    int Variations = 2,
    bool PValueCorrected = false,
    bool Sequential = false,
    double SequentialTuning = 5000,
    NormalPrior? Prior = null);
