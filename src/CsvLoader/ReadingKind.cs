namespace TSMetrics.CsvLoader;

/// <summary>What a CSV cell holds.</summary>
public enum ReadingKind
{
    Empty,
    Number,
    String,
}
