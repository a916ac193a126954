namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// Identifies one series grain: an A/B test and a metric. Plain metrics (no A/B test) have an empty test.
/// The grain key is "test/metric"; names cannot contain '/', so the key parses back unambiguously.
/// </summary>
[GenerateSerializer, Immutable, Alias("TSMetrics.SeriesKey")]
public readonly record struct SeriesKey(string Test, string Metric)
{
    /// <summary>The separator between test and metric in a grain key.</summary>
    public const char Separator = '/';

    /// <summary>
    /// The test grain key that stands for all plain metrics, so they get live pushes like a test does
    /// ('~' is not allowed in test names, so it cannot clash).
    /// </summary>
    public const string PlainMetricsTestKey = "~plain";

    /// <summary>The key of the test grain this series reports to.</summary>
    public string TestGrainKey => IsPlainMetric ? PlainMetricsTestKey : Test;

    /// <summary>Whether this is a plain metric with no A/B test.</summary>
    public bool IsPlainMetric => Test.Length == 0;

    /// <summary>The Orleans grain key of this series.</summary>
    public string ToGrainKey() => string.Concat(Test, "/", Metric);

    /// <summary>Parses a grain key made by <see cref="ToGrainKey"/>.</summary>
    public static SeriesKey Parse(string grainKey)
    {
        var separator = grainKey.IndexOf(Separator);
        if (separator < 0) throw new FormatException($"'{grainKey}' is not a series key (test/metric).");
        return new SeriesKey(grainKey[..separator], grainKey[(separator + 1)..]);
    }

    /// <inheritdoc />
    public override string ToString() => ToGrainKey();
}
