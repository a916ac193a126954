namespace TSMetrics.Grains.Interfaces;

/// <summary>One series as cardinality limits count them: a (test, metric, variant); plain metrics have test and variant "".</summary>
[GenerateSerializer, Immutable, Alias("TSMetrics.SeriesName")]
public readonly record struct SeriesName(string Test, string Metric, string Variant);
