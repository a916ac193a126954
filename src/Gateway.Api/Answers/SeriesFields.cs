namespace TSMetrics.Gateway.Api.Answers;

/// <summary>The statistics a columnar series answer carries (<c>fields=</c>); its times (<c>t</c>) always come.</summary>
[Flags]
public enum SeriesFields
{
    None = 0,
    Count = 1,
    Avg = 2,
    Min = 4,
    Max = 8,
    Sum = 16,
    Users = 32,
    Quantiles = 64,
    Categories = 128,
    All = Count | Avg | Min | Max | Sum | Users | Quantiles | Categories,
}
