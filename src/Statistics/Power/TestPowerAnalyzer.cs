namespace TSMetrics.Statistics.Power;

/// <summary>
/// Mid-experiment power for every metric and treatment of a test over the window from its first point to
/// now: traffic is taken as steady, so the days still needed are the scaling factor times the days elapsed
/// (as GrowthBook's additional days: additional users over users per day).
/// </summary>
public static class TestPowerAnalyzer
{
    /// <summary>The minimum relative effect when none is given: 5%.</summary>
    public const double DefaultRelativeEffect = 0.05;

    /// <param name="input">Totals since the test's first point, with the method and options to read them.</param>
    /// <param name="minimumEffect">On the lift's scale; null for 5% (relative) or 5% of the control mean (absolute).</param>
    /// <param name="targetPower">Chance of detecting the minimum effect, in (0, 1).</param>
    /// <param name="from">The test's first point, or null when not known yet.</param>
    /// <param name="to">Now.</param>
    public static TestPower Analyze(ExperimentInput input, double? minimumEffect, double targetPower, DateTime? from, DateTime to)
    {
        ArgumentNullException.ThrowIfNull(input);
        var control = ExperimentAnalyzer.ControlOf(input);
        var elapsedDays = from is { } start ? Math.Max((to - start).TotalDays, 0) : 0;
        var reason = from is null ? "the test's start is not known yet: the catalog learns it within seconds of the first points"
            : elapsedDays <= 0 ? "no time has passed since the test's first point" : null;
        var metrics = input.Metrics.Select(metric => Metric(input, metric, control, minimumEffect, targetPower, elapsedDays, to, reason)).ToList();
        return new TestPower(input.Test, input.Method, input.Options.Alpha, targetPower, input.Options.Type, minimumEffect,
            control, from, to, elapsedDays, reason, metrics);
    }

    private static MetricPower Metric(
        ExperimentInput input, MetricInput metric, string? controlName, double? minimumEffect, double targetPower, double elapsedDays, DateTime to, string? reason)
    {
        var control = metric.Variants.FirstOrDefault(v => v.Variant == controlName)?.EstimateFor(metric.Proportion);
        var absolute = input.Options.Type == DifferenceType.Absolute;
        // An absolute effect is in the metric's unit, so the default follows the control: 5% of its mean.
        var effect = minimumEffect ?? (absolute ? control is { } c ? DefaultRelativeEffect * Math.Abs(c.Mean) : null : DefaultRelativeEffect);
        var treatments = new List<TreatmentPower>();
        foreach (var variant in metric.Variants.Where(v => v.Variant != controlName).OrderBy(v => v.Variant, StringComparer.Ordinal))
        {
            var treatment = variant.EstimateFor(metric.Proportion);
            var n = (control?.Count ?? 0) + treatment.Count;
            var why = reason ?? (control is null ? "the control has no data for this metric" : effect is not > 0 ? "the control mean is zero, so 5% of it is no effect" : null);
            if (why is not null)
            {
                treatments.Add(NoAnswer(variant.Variant, why, n));
                continue;
            }

            var settings = Settings(input, targetPower, effect!.Value, control!.Value);
            var lift = Effect.Compute(control.Value, treatment, input.Options.Type, input.Options.MinimumCount);
            var result = MidExperimentPower.Analyze(control.Value, treatment, input.Options.Type, settings);
            if (!lift.IsInformative || double.IsNaN(result.DetectableEffectNow))
            {
                treatments.Add(NoAnswer(variant.Variant, lift.Uninformative ?? result.Error!, n));
                continue;
            }

            var days = result.AdditionalDays(elapsedDays);
            var status = result.AlreadyPowered ? PowerStatus.AlreadyPowered : result.ScalingFactor is null ? PowerStatus.OutOfReach : PowerStatus.NeedsMoreData;
            treatments.Add(new TreatmentPower(
                variant.Variant, status, status == PowerStatus.OutOfReach ? result.Error : null, n, n / elapsedDays, lift.Estimate, lift.StandardError,
                result.PowerNow, result.DetectableEffectNow, result.ScalingFactor, result.AdditionalUnits, days,
                days is { } d && d * TimeSpan.TicksPerDay < (DateTime.MaxValue - to).Ticks ? to.AddDays(d) : null));
        }

        return new MetricPower(metric.Name, metric.Unit, metric.Kind, effect, treatments);
    }

    private static PowerSettings Settings(ExperimentInput input, double targetPower, double effect, ArmEstimate control)
    {
        var options = input.Options;
        NormalPrior? prior = null;
        if (input.Method == TestMethod.Bayesian && options.Prior is { } relative)
            // The prior is on the relative scale, rescaled for absolute effects as the Bayesian comparison does.
            prior = options.Type == DifferenceType.Absolute
                ? new NormalPrior(relative.Mean * Math.Abs(control.Mean), relative.StandardDeviation * Math.Abs(control.Mean))
                : relative;
        return new PowerSettings(effect, targetPower, options.Alpha, Sequential: input.Method == TestMethod.Sequential,
            SequentialTuning: options.SequentialTuning, Prior: prior);
    }

    private static TreatmentPower NoAnswer(string variant, string reason, long n) =>
        new(variant, PowerStatus.NotEnoughData, reason, n, null, null, null, null, null, null, null, null, null);
}
