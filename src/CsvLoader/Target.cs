namespace TSMetrics.CsvLoader;

/// <summary>Where the loader sends points.</summary>
public enum Target
{
    /// <summary>The FastAPI predecessor's POST /ingest: {"data": [{"time", "metric", "value"}]}; no tags, so they go into the name.</summary>
    Ingest,

    /// <summary>The native POST /v1/points: plain-metric points with the identifying columns as tags.</summary>
    Points,
}
