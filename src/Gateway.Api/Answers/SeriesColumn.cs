namespace TSMetrics.Gateway.Api.Answers;

/// <summary>The number columns of a columnar series answer, in their order (quantiles and categories are written apart).</summary>
public enum SeriesColumn { T, Count, Avg, Min, Max, Sum, Users }
