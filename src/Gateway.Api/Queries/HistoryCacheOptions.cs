using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>
/// The gateway's cache of closed history (see <see cref="CachedHistoryReader"/>): bounded by buckets held,
/// each block refreshed after <see cref="BlockLifetime"/> so that retention's deletions show within it.
/// </summary>
public sealed class HistoryCacheOptions
{
    public const string SectionName = "TSMetrics:HistoryCache";

    /// <summary>Whether series queries cache closed history at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Most buckets held in all (about 80 bytes each, plus a block's overhead; the JSON a block keeps once an answer
    /// wrote it counts as buckets of as many bytes). Default 2,000,000 (~160 MB); 0 to 100,000,000.
    /// </summary>
    [Range(0, 100_000_000)]
    public int MaxBuckets { get; set; } = 2_000_000;

    /// <summary>Buckets of the granularity per cached block; a query reads at most two partial blocks from storage. Default 64; 8 to 4,096.</summary>
    [Range(8, 4_096)]
    public int BlockBuckets { get; set; } = 64;

    /// <summary>Age after which a block is read again (retention may have dropped its rows). Default 10 minutes; 1 s to 1 day.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan BlockLifetime { get; set; } = TimeSpan.FromMinutes(10);
}

[OptionsValidator]
public sealed partial class HistoryCacheOptionsValidator : IValidateOptions<HistoryCacheOptions>;
